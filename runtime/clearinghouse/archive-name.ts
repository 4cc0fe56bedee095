/**
 * The name under which an inbound file is archived when the archive already holds a different file of
 * the same name: clearinghouses reuse names (one per day, one per batch), and neither copy may be lost.
 */
export function duplicateArchiveName(name: string, now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}_${name}`;
}
