import { Route } from 'react-router-dom';
import { lazyPage } from '../common/lazy';

const FirmSettingsPage = lazyPage(() => import('./FirmSettingsPage'), 'FirmSettingsPage');
const TwoFactorPage = lazyPage(() => import('./TwoFactorPage'), 'TwoFactorPage');

/** The firm's settings (managers). */
export const firmSettingsRoute = <Route key="firm-settings" path="/firm-settings" element={<FirmSettingsPage />} />;

/** The caller's own two-factor sign-in (everyone). */
export const twoFactorRoute = <Route key="two-factor" path="/two-factor" element={<TwoFactorPage />} />;
