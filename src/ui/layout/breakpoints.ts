// Where the workspace changes shape. Below this width the photo list and the points go under
// the stage and the project's actions fold into a menu; the CSS of the layout components uses
// the same figure (60rem), as media queries cannot read a variable.
export const NARROW_LAYOUT = '(max-width: 59.99rem)';
