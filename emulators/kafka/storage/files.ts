/** Placeholder replaced below. */
export { MemoryStorage as FileStorage } from './memory';
