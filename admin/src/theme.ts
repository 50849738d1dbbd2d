import { defaultTheme, type RaThemeOptions } from 'react-admin';

/**
 * react-admin's default theme with the app's layout rules: the page never grows wider than the screen (a wide table
 * scrolls inside its own box), column headers and menu entries are not cut, long words wrap.
 */
export const theme: RaThemeOptions = {
  ...defaultTheme,
  sidebar: { width: 256, closedWidth: 50 },
  components: {
    ...defaultTheme.components,
    MuiCssBaseline: { styleOverrides: { body: { overflowWrap: 'break-word' } } },
    // react-admin's layout is at least as wide as its content ("fit-content"): at 390 px a list made the page 807 px wide
    RaLayout: { styleOverrides: { root: { minWidth: 0, '& .RaLayout-content': { minWidth: 0 } } } },
    RaList: { styleOverrides: { root: { '& .RaList-main': { minWidth: 0 } } } },
    RaShow: { styleOverrides: { root: { '& .RaShow-main': { minWidth: 0 } } } },
    RaDataTable: {
      styleOverrides: {
        root: {
          '& .RaDataTable-tableWrapper': { overflowX: 'auto' },
          // a header keeps its words on one line ("事件/级别" was cut to a character per line)
          '& .RaDataTable-headerCell': { whiteSpace: 'nowrap' },
        },
      },
    },
    // long entries ("Communication templates", "Improvement actions") wrap instead of ending in "…"
    RaMenuItemLink: { styleOverrides: { root: { whiteSpace: 'normal', lineHeight: 1.25 } } },
    RaTopToolbar: { styleOverrides: { root: { flexWrap: 'wrap' } } },
  },
};
