// Trace backends (Tempo, Jaeger): the list's "Remote" source.
import { pageRequest } from '../rpc-types';
import type { ActionResult } from './panel';

/** The list's "Remote" source: search Tempo / Jaeger and open a result (the host runs the pickers). */
export const SearchRemoteTraces = pageRequest<Record<string, never>, ActionResult>('remote/search');
