import type { Rule } from '../../domain';
import { evaluate } from './evaluate';
import { metadata } from './metadata';

export const mlComputeSshDisabled: Rule = { metadata, evaluate };
