// Heading levels a help topic may use: 2 on the landing page, deeper once it sits inside a panel.
export type HeadingLevel = 2 | 3 | 4;
