import { createRef } from 'react';

/** The web host's hidden file inputs (rendered by the project view); menu and shortcuts click them too. */
export const filesInput = createRef<HTMLInputElement>();
export const folderInput = createRef<HTMLInputElement>();
