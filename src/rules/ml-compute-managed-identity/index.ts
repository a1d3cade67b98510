import type { Rule } from '../../domain';
import { evaluate } from './evaluate';
import { metadata } from './metadata';

export const mlComputeManagedIdentity: Rule = { metadata, evaluate };
