// What each key or toolbar action of the annotation view does to the project and the view:
// one place for it, so the keys on the canvas, the page-wide undo keys and the toolbar
// buttons cannot drift apart.
import { nextEmptySlot } from '../../core/basics';
import type { PointSlot } from '../../core/index';
import type { AnnotationState, OpenImage } from '../../state/annotation.svelte';
import type { ProjectState } from '../../state/project.svelte';
import type { KeyAction } from './keys';
import { screenPoint, screenToImage } from '../../state/viewport';
import type { ImagePoint } from '../../state/viewport';

export interface ActionTarget {
  project: ProjectState;
  annotation: AnnotationState;
  /** The open image, if any. */
  image: OpenImage | null;
  /** The selected point of the open image, if any. */
  selected: PointSlot | null;
  /** Places the next point (snapping it to the dot there unless `snap` is false). */
  place?: (imageId: string, point: ImagePoint, snap: boolean) => Promise<void>;
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
    case 'place': {
      const view = annotation.viewSize;
      if (!target.place || view.width <= 0 || view.height <= 0) return;
      const at = screenToImage(
        annotation.viewportFor(image),
        screenPoint(view.width / 2, view.height / 2),
      );
      // Only on the photo: the centre of a view panned past its edge is not a place to mark.
      if (at[0] < 0 || at[1] < 0 || at[0] > image.width || at[1] > image.height) return;
      // The point placed from the keyboard is selected, so the arrow keys nudge it at once.
      const marks = project.image(image.id);
      const slot = marks ? nextEmptySlot(marks) : null;
      void target.place(image.id, at, action.snap).then(() => {
        if (slot && project.pointAt(image.id, slot)) annotation.select(image.id, slot);
      });
      return;
    }
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
