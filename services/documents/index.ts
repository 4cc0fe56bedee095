export * from './document-store';
export { createFolderDocumentStore, DEFAULT_DOCUMENTS_DIR, type FolderDocumentStoreOptions } from './folder-store';
export { createPostgresDocumentStore } from './postgres-store';
export { openDocumentStore } from './open-document-store';
