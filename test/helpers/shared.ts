// The read-only shared/ folder beside the repository (specs and data; CI has it at ../shared too).
import { join } from 'node:path';
import { REPO_ROOT } from './python.js';

export const SHARED_DIR = process.env.TSNAS_SHARED_DIR ?? join(REPO_ROOT, '..', 'shared');
export const SPECS_DIR = process.env.TSNAS_SPECS_DIR ?? join(SHARED_DIR, 'specs');
