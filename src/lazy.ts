// Modules kept out of an interaction's cold start (loaded with import() where they are needed) note
// here that they were evaluated, so tests can check that answering a command never loads them.
const evaluated = new Set<string>();

export const markEvaluated = (name: string): void => {
  evaluated.add(name);
};

export const wasEvaluated = (name: string): boolean => evaluated.has(name);
