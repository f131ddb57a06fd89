/** Knowledge's error codes. */
export enum KnowledgeErrorCode {
  KNOWLEDGE_COLLECTION_NOT_FOUND = 'KNOWLEDGE_COLLECTION_NOT_FOUND',
  KNOWLEDGE_FILE_NOT_FOUND = 'KNOWLEDGE_FILE_NOT_FOUND',
  KNOWLEDGE_CHUNK_NOT_FOUND = 'KNOWLEDGE_CHUNK_NOT_FOUND',
  /** Cancel of a file that is not being indexed. */
  KNOWLEDGE_FILE_NOT_INDEXING = 'KNOWLEDGE_FILE_NOT_INDEXING',
  /** A vector search over collections that have no embedding model. */
  NO_EMBEDDING_MODEL = 'NO_EMBEDDING_MODEL',
  /** A document given to a model directly (a chat attachment) whose text cannot be read: damaged, scanned, empty. */
  DOCUMENT_UNREADABLE = 'DOCUMENT_UNREADABLE',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    KnowledgeErrorCode: KnowledgeErrorCode;
  }
}
