import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Box, Chip, Dialog, DialogContent, InputAdornment, LinearProgress, List, ListItemButton, ListItemText, ListSubheader, TextField, Typography,
} from '@mui/material';
import SearchIcon from '@mui/icons-material/Search';
import { useCreatePath, useTranslate } from 'react-admin';
import type { SearchResult } from '@incident-desk/shared';
import { API_URL, httpClient } from '../dataProvider';
import { enumLabel, useAppLocale } from './enums';
import { useSmall } from './responsive';
import { USER_TEXT } from './UserText';

interface Hit {
  kind: 'incidents' | 'clients' | 'communications';
  id: string;
  primary: string;
  secondary: string;
  status: string;
  statusKind: string;
}

const MIN_LENGTH = 2;

/** GET /api/search for `text` (after a pause in typing), the latest answer only. */
const useSearch = (text: string) => {
  const [state, setState] = useState<{ q: string; result: SearchResult | null; error: boolean; loading: boolean }>({ q: '', result: null, error: false, loading: false });
  useEffect(() => {
    const q = text.trim();
    if (q.length < MIN_LENGTH) {
      setState({ q, result: null, error: false, loading: false });
      return;
    }
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    const timer = window.setTimeout(async () => {
      try {
        const { json } = await httpClient(`${API_URL}/search?${new URLSearchParams({ q, limit: '6' })}`);
        if (!cancelled) setState({ q, result: json as SearchResult, error: false, loading: false });
      } catch {
        if (!cancelled) setState({ q, result: null, error: true, loading: false });
      }
    }, 200);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [text]);
  return state;
};

/**
 * The command palette (Ctrl+K, ⌘K, or the app bar's search button): finds incidents (reference, title, client name),
 * clients (name) and communications (subject, client name) across everything the user may see, through GET /api/search.
 * ↑/↓ choose, Enter opens, Esc closes. `data-testid="command-palette"`; each result `search-result` with `data-kind` and
 * `data-id`.
 */
const CommandPalette = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const fullScreen = useSmall();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const { q, result, error, loading } = useSearch(open ? text : '');
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (open) setActive(0);
  }, [open, q]);

  const groups = useMemo(() => {
    if (!result) return [];
    const incidents: Hit[] = result.incidents.map((i) => ({
      kind: 'incidents', id: i.id, primary: `${i.reference} ${i.title}`, secondary: i.clientName ?? '', status: i.status, statusKind: 'incidentStatus',
    }));
    const clients: Hit[] = result.clients.map((c) => ({ kind: 'clients', id: c.id, primary: c.name, secondary: '', status: c.status, statusKind: 'clientStatus' }));
    const communications: Hit[] = result.communications.map((c) => ({
      kind: 'communications', id: c.id, primary: c.subject, secondary: c.clientName ?? '', status: c.status, statusKind: 'communicationStatus',
    }));
    return [
      { kind: 'incidents' as const, hits: incidents },
      { kind: 'clients' as const, hits: clients },
      { kind: 'communications' as const, hits: communications },
    ].filter((g) => g.hits.length);
  }, [result]);
  const hits = groups.flatMap((g) => g.hits);
  const pathOf = (h: Hit) => createPath({ resource: h.kind, id: h.id, type: 'show' });

  const go = (h: Hit) => {
    onClose();
    setText('');
    navigate(pathOf(h));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!hits.length) return;
      const next = (active + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length;
      setActive(next);
      listRef.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter' && hits[active]) {
      e.preventDefault();
      go(hits[active]);
    }
  };

  let index = -1;
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" fullScreen={fullScreen} data-testid="command-palette" sx={{ '& .MuiDialog-container': { alignItems: 'flex-start' } }}>
      <DialogContent sx={{ p: 0 }}>
        <TextField
          autoFocus
          fullWidth
          variant="outlined"
          name="palette-q"
          placeholder={translate('app.search.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          slotProps={{
            input: { startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment>, sx: { borderRadius: 0 } },
            htmlInput: { 'aria-label': translate('app.search.open'), 'data-testid': 'search-input', role: 'combobox', 'aria-expanded': hits.length > 0, 'aria-controls': 'search-results' },
          }}
          sx={{ m: 0, '& fieldset': { border: 0, borderBottom: 1, borderColor: 'divider' } }}
        />
        {loading && <LinearProgress />}
        <Box sx={{ maxHeight: fullScreen ? 'none' : '60vh', overflowY: 'auto' }}>
          {text.trim().length < MIN_LENGTH ? (
            <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>{translate('app.search.hint')}</Typography>
          ) : error ? (
            <Typography variant="body2" color="error" sx={{ p: 2 }}>{translate('app.search.error')}</Typography>
          ) : result && !hits.length && !loading ? (
            <Typography variant="body2" color="text.secondary" sx={{ p: 2 }} data-testid="search-none">{translate('app.search.none')}</Typography>
          ) : (
            <List dense id="search-results" role="listbox" ref={listRef} sx={{ py: 0 }}>
              {groups.map((g) => (
                <li key={g.kind}>
                  <ul style={{ padding: 0 }}>
                    <ListSubheader sx={{ lineHeight: '32px' }}>{translate(`app.search.${g.kind}`)}</ListSubheader>
                    {g.hits.map((h) => {
                      index += 1;
                      const n = index;
                      return (
                        <ListItemButton
                          key={`${h.kind}-${h.id}`}
                          component="a"
                          href={pathOf(h).replace(/^\//, '#/')}
                          selected={n === active}
                          role="option"
                          aria-selected={n === active}
                          data-index={n}
                          data-testid="search-result"
                          data-kind={h.kind}
                          data-id={h.id}
                          // the pointer chooses when it moves, not when the results appear under it
                          onMouseMove={() => n !== active && setActive(n)}
                          onClick={(e) => {
                            e.preventDefault();
                            go(h);
                          }}
                        >
                          <ListItemText
                            primary={<span {...USER_TEXT}>{h.primary}</span>}
                            secondary={h.secondary ? <span {...USER_TEXT}>{h.secondary}</span> : undefined}
                            sx={{ minWidth: 0, '& .MuiListItemText-primary': { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } }}
                          />
                          <Chip size="small" label={enumLabel(h.statusKind, h.status, locale)} sx={{ ml: 1 }} />
                        </ListItemButton>
                      );
                    })}
                  </ul>
                </li>
              ))}
            </List>
          )}
        </Box>
      </DialogContent>
    </Dialog>
  );
};

export default CommandPalette;
