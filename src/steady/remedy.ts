/**
 * The library's advice when a stationary state is not unique (ends degenerate.ts's error message). Its own
 * module, free of imports, so that the command line can replace it by its flag without loading the engine.
 */
export const LIBRARY_REMEDY = 'pass onDegenerate: "basis" to get a basis of the stationary states and the state reached from the maximally mixed one';
