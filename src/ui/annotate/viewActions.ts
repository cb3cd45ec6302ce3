// What each key or toolbar action of the annotation view does to the project and the view:
// one place for it, so the keys on the canvas, the page-wide undo keys and the toolbar
// buttons cannot drift apart.
import type { PointSlot } from '../../core/index';
import type { AnnotationState, OpenImage } from '../../state/annotation.svelte';
import type { ProjectState } from '../../state/project.svelte';
import type { KeyAction } from './keys';

export interface ActionTarget {
  project: ProjectState;
  annotation: AnnotationState;
  /** The open image, if any. */
  image: OpenImage | null;
  /** The selected point of the open image, if any. */
  selected: PointSlot | null;
}

export function runAction(action: KeyAction, target: ActionTarget): void {
  const { project, annotation, image, selected } = target;
  if (action.kind === 'undo') return project.undo();
  if (action.kind === 'redo') return project.redo();
  if (!image) return;
  switch (action.kind) {
    case 'zoom':
      return annotation.zoomBy(image, action.factor);
    case 'fit':
      return annotation.fit();
    case 'pan':
      return annotation.panBy(image, action.dx, action.dy);
    case 'deselect':
      return annotation.clearSelection();
    case 'delete':
      if (selected) project.deletePoint(image.id, selected);
      return annotation.clearSelection();
    case 'nudge': {
      const point = selected ? project.pointAt(image.id, selected) : null;
      if (!selected || !point) return;
      const moved: [number, number] = [point[0] + action.dx, point[1] + action.dy];
      project.setPoint(image.id, selected, moved);
      // Keep the nudged point on screen.
      annotation.reveal(image, moved);
      return;
    }
  }
}
