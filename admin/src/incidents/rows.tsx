import { styled } from '@mui/material/styles';

/**
 * The incident page's long lists (checklist tasks, timeline entries) are plain elements styled once by their list's
 * root: a row of MUI components (chips, buttons, tooltips, checkboxes) costs its own style computation per element, and
 * the page showed dozens of rows at once. The look follows the theme (palette, typography, spacing).
 */
export const RowsRoot = styled('div')(({ theme }) => {
  const p = theme.palette;
  return {
    '& .row': {
      display: 'flex',
      gap: theme.spacing(1),
      alignItems: 'flex-start',
      padding: theme.spacing(0.75, 0),
      borderBottom: `1px solid ${p.divider}`,
      // laid out when scrolled to: what is below the screen costs the first paint nothing
      contentVisibility: 'auto',
      containIntrinsicSize: 'auto 64px',
      ...theme.typography.body2,
    },
    '& .row.muted': { opacity: 0.6 },
    '& .row input[type="checkbox"]': { margin: '3px 2px 0 0', width: 16, height: 16, accentColor: p.primary.main, flexShrink: 0 },
    '& .number': { minWidth: 22, textAlign: 'right', color: p.text.secondary, fontVariantNumeric: 'tabular-nums' },
    '& .body': { flex: 1, minWidth: 0 },
    '& .title': { fontWeight: 500, overflowWrap: 'anywhere' },
    '& .title.done': { textDecoration: 'line-through' },
    '& .caption': { ...theme.typography.caption, color: p.text.secondary },
    '& .meta': { display: 'flex', gap: theme.spacing(1), marginTop: theme.spacing(0.5), flexWrap: 'wrap', alignItems: 'center' },
    '& .error': { color: p.error.main },
    '& .chip': {
      display: 'inline-flex', alignItems: 'center', gap: 4, height: 24, padding: '0 8px', borderRadius: 12, fontSize: '0.8125rem',
      backgroundColor: p.action.selected, color: p.text.primary, whiteSpace: 'nowrap',
    },
    '& .chip svg': { width: 16, height: 16, fill: 'currentColor' },
    '& .chip.info': { backgroundColor: p.info.main, color: p.info.contrastText },
    '& .chip.success': { backgroundColor: p.success.main, color: p.success.contrastText },
    '& .chip.warning': { backgroundColor: p.warning.main, color: p.warning.contrastText },
    '& .chip.outlined': { backgroundColor: 'transparent', border: `1px solid ${p.divider}` },
    '& .chip.outlined.warning': { borderColor: p.warning.main, color: p.warning.dark },
    '& .actions': { display: 'flex', gap: 4, flexShrink: 0, alignItems: 'center' },
    '& button.btn, & button.icon': {
      font: 'inherit', cursor: 'pointer', color: p.primary.main, background: 'none', border: 0, borderRadius: 4,
      display: 'inline-flex', alignItems: 'center', gap: 4,
    },
    '& button.btn': { ...theme.typography.button, textTransform: 'none', padding: '3px 9px', border: `1px solid ${p.primary.main}80` },
    '& button.icon': { padding: 5, color: p.action.active, borderRadius: '50%' },
    '& button.btn:hover, & button.icon:hover': { backgroundColor: p.action.hover },
    '& button:disabled': { opacity: 0.5, cursor: 'default' },
    '& button svg': { width: 18, height: 18, fill: 'currentColor' },
    '& button:focus-visible, & input:focus-visible': { outline: `2px solid ${p.primary.main}`, outlineOffset: 1 },
    // the timeline's entries
    '& .entry': { listStyle: 'none', padding: theme.spacing(0.75, 0, 0.75, 1.5), marginBottom: theme.spacing(1), borderLeft: `3px solid ${p.primary.light}` },
    '& .entry.internal': { borderLeftColor: p.warning.light, backgroundColor: 'rgba(237, 108, 2, 0.04)' },
    '& .entry .text': { marginTop: theme.spacing(0.5), whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  };
});

/** An icon of the Material set, as plain SVG (path data from @mui/icons-material). */
export const Icon = ({ d }: { d: string }) => (
  <svg viewBox="0 0 24 24" aria-hidden focusable="false">
    <path d={d} />
  </svg>
);

export const ICONS = {
  check: 'M9 16.17 4.83 12l-1.42 1.41L9 19 21 7l-1.41-1.41z',
  notApplicable:
    'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2m0 18c-4.42 0-8-3.58-8-8 0-1.85.63-3.55 1.69-4.9L16.9 18.31C15.55 19.37 13.85 20 12 20m6.31-3.1L7.1 5.69C8.45 4.63 10.15 4 12 4c4.42 0 8 3.58 8 8 0 1.85-.63 3.55-1.69 4.9',
  undo: 'M12.5 8c-2.65 0-5.05.99-6.9 2.6L2 7v9h9l-3.62-3.62c1.39-1.16 3.16-1.88 5.12-1.88 3.54 0 6.55 2.31 7.6 5.5l2.37-.78C21.08 11.03 17.15 8 12.5 8',
  lock: 'M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2m-6 9c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2m3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1s3.1 1.39 3.1 3.1z',
};
