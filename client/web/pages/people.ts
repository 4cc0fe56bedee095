/** People as the pages name them: the display name people know each other by, with the staff id assignments use. */
export interface StaffName {
  id: string;
  displayName: string;
}

export function personLabel(id: string, staff: readonly StaffName[]): string {
  const name = staff.find((s) => s.id === id)?.displayName;
  return name && name !== id ? `${name} (${id})` : id;
}
