import { useEffect, useState } from 'react';
import { Box, Button, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { discardTimer, getTimer, startTimer, stopTimer } from './api';

const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
};

/**
 * The incident page's timer: started and stopped here, kept by the server (its `startedAt`, so a reload or another
 * tab shows it running); stopping it logs the measured minutes as a time entry of this incident. One timer per user:
 * while it runs on another incident, this one offers to stop that one first.
 */
export const IncidentTimer = ({ incidentId }: { incidentId: string }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const queryClient = useQueryClient();
  const { data } = useQuery({ queryKey: ['time-timer'], queryFn: getTimer });
  const timer = data?.timer ?? null;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!timer) return undefined;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [timer]);
  const run = async (action: () => Promise<unknown>, done?: (r: unknown) => void) => {
    try {
      const r = await action();
      done?.(r);
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
    await queryClient.invalidateQueries({ queryKey: ['time-timer'] });
    await queryClient.invalidateQueries({ queryKey: ['time-entries'] });
  };
  const here = timer?.incidentId === incidentId;
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }} data-testid="incident-timer">
      {timer && here && (
        <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="timer-elapsed">
          {clock(now - Date.parse(timer.startedAt))}
        </Typography>
      )}
      {!timer && (
        <Button size="small" variant="outlined" data-testid="timer-start" onClick={() => run(() => startTimer(incidentId))}>
          {translate('incidentDesk.timeEntries.timer_start')}
        </Button>
      )}
      {timer && (
        <Button size="small" variant="contained" data-testid="timer-stop"
          onClick={() => run(stopTimer, (r) => notify('incidentDesk.timeEntries.timer_logged', { type: 'info', messageArgs: { minutes: (r as { minutes: number }).minutes } }))}>
          {translate(here ? 'incidentDesk.timeEntries.timer_stop' : 'incidentDesk.timeEntries.timer_stop_other')}
        </Button>
      )}
      {timer && here && (
        <Button size="small" data-testid="timer-discard" onClick={() => run(discardTimer)}>
          {translate('incidentDesk.timeEntries.timer_discard')}
        </Button>
      )}
    </Box>
  );
};
