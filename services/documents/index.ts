export * from './document-store';
export { createFolderDocumentStore, sha256Hex, DEFAULT_DOCUMENTS_DIR, type FolderDocumentStoreOptions } from './folder-store';
