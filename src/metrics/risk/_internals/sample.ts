/** Seeded sampling without replacement: the shared one (src/random/sample.ts). Internal. */
export { sampleIndices } from '../../../random/sample.js';
