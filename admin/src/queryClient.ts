import { QueryClient } from '@tanstack/react-query';

/**
 * The app's react-query client (react-admin's cache), a module of its own so that what a page will ask for can be asked
 * for before the app is drawn: the manager dashboard's service reports go out with the sign-in's answer
 * (dashboard/roles.ts), while the shell's code is still being run. Options as react-admin's own default client.
 */
export const queryClient = new QueryClient();
