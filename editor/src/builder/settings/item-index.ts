import { createContext } from 'react';

/** The index of the list item being drawn (-1 outside lists): help repeated on every item shows on the first only. */
export const ItemIndex = createContext(-1);
