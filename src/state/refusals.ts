// Why a file was not added to the project, in words a user can act on.

/** One refused file and the reason, shown next to the drop zone. */
export interface Refusal {
  name: string;
  message: string;
}

export function duplicateMessage(inProject: boolean): string {
  return inProject
    ? 'A photo with this name is already in the project, so it was not added again. Rename the file if it is a different photo.'
    : 'Another file with this name is being added right now. Rename the file if it is a different photo.';
}

export function failureMessage(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `The photo could not be processed (${reason}). Try adding it again; reloading the page may help.`;
}
