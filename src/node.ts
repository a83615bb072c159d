/**
 * `datanonyme/node`: the file-system edge, for Node only. Reading CSV and hierarchy files, and
 * writing outputs atomically (to a temporary file, then renamed; never over an input).
 */
export { readCsvFile } from './table/read-file.js';
export { writeCsvFile, writeFileAtomic, type WriteFileOptions } from './table/write-file.js';
export { findHierarchyFiles, readHierarchyFile, attributeFromFileName } from './hierarchy/read.js';
export * from './index.js';
