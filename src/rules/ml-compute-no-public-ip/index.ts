import type { Rule } from '../../domain';
import { evaluate } from './evaluate';
import { metadata } from './metadata';

export const mlComputeNoPublicIp: Rule = { metadata, evaluate };
