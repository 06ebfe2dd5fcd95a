// Kept copies of a file (the fast path's public pictures, cache/media.ts) are forgotten when the
// file is deleted in this process, so that no copy of a deleted picture stays in memory.
const listeners = new Set<(storageKey: string) => void>();

export function onFileDeleted(listener: (storageKey: string) => void) {
	listeners.add(listener);
}

export function fileDeleted(storageKey: string) {
	for (const listener of listeners) listener(storageKey);
}
