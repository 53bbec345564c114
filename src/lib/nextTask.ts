/**
 * Resolves in a later task of the event loop, so that long work done a slice at a time
 * (decoding 70,000 digits, copying them, a training loop) lets the page draw and answer
 * between slices. A leaf module (it imports nothing): datasets, sim and the engine's
 * callers all use it.
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
