import type { Rule } from '../../domain';
import { evaluate } from './evaluate';
import { metadata } from './metadata';

export const mlComputeIdleShutdown: Rule = { metadata, evaluate };
