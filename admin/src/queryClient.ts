import { QueryClient } from '@tanstack/react-query';

/**
 * The app's react-query client (react-admin's cache), a module of its own so that what a page will ask for can be asked
 * for before the app is drawn: what the dashboard shows first goes out with the sign-in's answer
 * (dashboard/firstScreen.ts), before the app's first render. Options as react-admin's own default client.
 */
export const queryClient = new QueryClient();
