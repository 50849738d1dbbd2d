import { useMediaQuery, type Theme } from '@mui/material';

/** Below 600 px (a phone held upright): lists become cards, dialogs fill the screen. */
export const useSmall = () => useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
