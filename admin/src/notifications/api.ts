import { useQueryClient } from '@tanstack/react-query';
import { API_URL, httpClient } from '../dataProvider';

/** Marks one of my notifications read (again: no change). */
export const markRead = (id: string | number) => httpClient(`${API_URL}/notifications/${encodeURIComponent(String(id))}/read`, { method: 'POST', body: '{}' });

/** Marks every one of mine read. */
export const markAllRead = () => httpClient(`${API_URL}/notifications/read-all`, { method: 'POST', body: '{}' });

/** After a read: the bell's count and the lists are asked again. */
export const useNotificationsChanged = () => {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['notifications'] });
};
