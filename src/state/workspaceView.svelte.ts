// Which part of the workspace is in front: marking (the photo stage with the photo list
// beside it) or the results (settings, tables, charts, export). On a narrow screen, where the
// photo list and the point table sit under the stage, it also says which of the two is shown.
// Both views stay built while hidden, so switching is instant and nothing typed is lost.

export type WorkspaceViewName = 'mark' | 'results';
export type MarkPanelName = 'photos' | 'points';

export class WorkspaceView {
  current: WorkspaceViewName = $state('mark');
  /** Under the stage on a narrow screen: the photo list or the open photo's points. */
  markPanel: MarkPanelName = $state('photos');
  /** Whether the help (guide and measure explorer) is open over the workspace. */
  helpOpen = $state(false);

  show(view: WorkspaceViewName): void {
    this.current = view;
  }

  showMarkPanel(panel: MarkPanelName): void {
    this.current = 'mark';
    this.markPanel = panel;
  }
}
