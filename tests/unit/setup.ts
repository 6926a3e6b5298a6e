// Every test gets an empty extension database (trusted-area.ts reconnects when the factory
// changes), as fakeBrowser.reset() gives it empty extension storage.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
