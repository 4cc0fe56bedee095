/** A cluster start-up failure whose message says what to fix; shown without a stack trace. */
export class ClusterError extends Error {}

export type Log = (line: string) => void;
