import { useState, type ReactNode } from 'react';
import { Button } from '@mui/material';
import TranslateIcon from '@mui/icons-material/Translate';
import { useTranslate } from 'react-admin';
import type { Locale } from '@incident-desk/shared';
import { useAppLocale } from './enums';

/**
 * Texts kept in both languages (playbooks, templates) show in the UI language; the other language's version on demand
 * (`data-testid="other-language"`), so that an English page is English and a Chinese one Chinese.
 */
export const useOtherLanguage = (): { other: Locale; shown: boolean; toggle: ReactNode } => {
  const translate = useTranslate();
  const locale = useAppLocale();
  const [shown, setShown] = useState(false);
  const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
  return {
    other,
    shown,
    toggle: (
      <Button size="small" startIcon={<TranslateIcon />} onClick={() => setShown((s) => !s)} data-testid="other-language" sx={{ textTransform: 'none' }}>
        {translate(shown ? 'app.other_language.hide' : 'app.other_language.show')}
      </Button>
    ),
  };
};
