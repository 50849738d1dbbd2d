import { DateField, useGetIdentity, useLocaleState, type DateFieldProps } from 'react-admin';
import { getFirmTimeZone } from '../session';

/** The firm's time zone, from the signed-in user (identity), else the stored session. */
export const useFirmTimeZone = (): string => {
  const { identity } = useGetIdentity();
  return (identity?.timeZone as string | undefined) || getFirmTimeZone();
};

const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const DATE_ONLY: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/**
 * A DateField that shows the date (and by default the time) in the firm's time zone and the UI locale,
 * whatever the browser's own settings. Use it for every date of the app.
 */
export const FirmDateField = ({ showTime = true, options, ...props }: DateFieldProps) => {
  const timeZone = useFirmTimeZone();
  const [locale] = useLocaleState();
  return (
    <DateField
      showTime={showTime}
      locales={locale}
      options={{ ...(showTime ? DATE_TIME : DATE_ONLY), ...options, timeZone }}
      {...props}
    />
  );
};
