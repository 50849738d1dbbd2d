import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A translated sub-heading inside forms and show pages. */
export const Section = ({ title }: { title: string }) => {
  const translate = useTranslate();
  return (
    <Typography variant="subtitle1" component="h2" sx={{ mt: 2, mb: 1, fontWeight: 600 }}>
      {translate(title)}
    </Typography>
  );
};
