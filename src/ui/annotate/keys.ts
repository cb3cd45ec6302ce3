// Keyboard shortcuts of the annotation view: which key does what, as plain data the view
// acts on, and the one list the shortcuts help shows, so the two cannot disagree.

export type KeyAction =
  | { kind: 'zoom'; factor: number }
  | { kind: 'fit' }
  | { kind: 'pan'; dx: number; dy: number }
  | { kind: 'nudge'; dx: number; dy: number }
  | { kind: 'delete' }
  | { kind: 'deselect' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  /** Places the next point at the centre of the view: marking without a pointer. */
  | { kind: 'place'; snap: boolean };

/** One key press of +/- or the zoom buttons. */
export const ZOOM_STEP = 1.25;
/** Screen pixels an arrow key pans (Shift: four times as far). */
export const PAN_STEP = 64;
/** Image pixels an arrow key nudges the selected point (Shift: ten times). */
export const NUDGE_STEP = 1;

const ARROWS: Record<string, readonly [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** Input types where keys mean typing, so shortcuts must leave them alone. */
const NON_TEXT_INPUTS = new Set([
  'button',
  'checkbox',
  'radio',
  'submit',
  'reset',
  'file',
  'color',
  'image',
]);

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/** Undo (Ctrl/Cmd+Z) and redo (Shift+Ctrl/Cmd+Z, Ctrl+Y), wherever focus is but in a text field. */
export function historyAction(event: KeyLike): KeyAction | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
  if (key === 'y' && !event.shiftKey) return { kind: 'redo' };
  return null;
}

/** The view's own keys, while focus is in the view. */
export function viewAction(event: KeyLike, hasSelection: boolean): KeyAction | null {
  if (event.ctrlKey || event.metaKey) return null;
  // Enter places the next point where the view is centred (snapped, or exactly with Alt).
  if (event.key === 'Enter') return hasSelection ? null : { kind: 'place', snap: !event.altKey };
  if (event.altKey) return null;
  const arrow = ARROWS[event.key];
  if (arrow) {
    if (hasSelection) {
      const step = NUDGE_STEP * (event.shiftKey ? 10 : 1);
      return { kind: 'nudge', dx: arrow[0] * step, dy: arrow[1] * step };
    }
    // Arrows move the view over the photo: "right" shows more of the right side.
    const step = PAN_STEP * (event.shiftKey ? 4 : 1);
    return { kind: 'pan', dx: 0 - arrow[0] * step, dy: 0 - arrow[1] * step };
  }
  switch (event.key) {
    case '+':
    case '=':
      return { kind: 'zoom', factor: ZOOM_STEP };
    case '-':
    case '_':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case '0':
      return { kind: 'fit' };
    case 'Delete':
    case 'Backspace':
      return hasSelection ? { kind: 'delete' } : null;
    case 'Escape':
      return hasSelection ? { kind: 'deselect' } : null;
    default:
      return null;
  }
}

/** Wheel zoom factor: smooth for trackpads, a fixed feel per notch for mouse wheels. */
export function wheelZoomFactor(
  event: Pick<WheelEvent, 'deltaY' | 'deltaMode' | 'ctrlKey'>,
): number {
  // deltaMode 1 is lines, 2 pages; convert to pixels.
  const pixels = event.deltaY * (event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1);
  // Trackpad pinches arrive as ctrl+wheel with small deltas: make them feel direct.
  const rate = event.ctrlKey ? 0.01 : 0.002;
  return Math.exp(-Math.max(-100, Math.min(100, pixels)) * rate);
}

/** What the help lists: keys and what they do. */
export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  {
    keys: 'Click',
    action:
      'Place the next point (fiducials 0 to 4, then scale points S1, S2), snapped to the centre of the dot there',
  },
  { keys: 'Alt+Click (Option+Click)', action: 'Place the next point exactly where you click' },
  {
    keys: 'Enter (Alt+Enter)',
    action:
      'Place the next point at the centre of the view, marked by a cross while the photo has the keyboard (Alt: exactly there)',
  },
  { keys: 'Click a point', action: 'Select it' },
  { keys: 'Drag a point', action: 'Move it' },
  { keys: 'Arrow keys', action: 'Nudge the selected point by 1 pixel (Shift: 10 pixels)' },
  { keys: 'Arrow keys, nothing selected', action: 'Pan the photo' },
  { keys: 'Delete or Backspace', action: 'Delete the selected point' },
  { keys: 'Escape', action: 'Deselect the point' },
  { keys: 'Wheel, pinch, + and -', action: 'Zoom in and out' },
  { keys: '0', action: 'Fit the photo to the view' },
  { keys: 'Drag the photo, Space + drag, or middle button drag', action: 'Pan' },
  { keys: 'Ctrl+Z (Cmd+Z)', action: 'Undo' },
  { keys: 'Shift+Ctrl+Z (Shift+Cmd+Z) or Ctrl+Y', action: 'Redo' },
  { keys: '?', action: 'Show these shortcuts' },
];
