import { Box } from '@mui/material';
import { Login, LoginForm, PasswordInput, required, TextInput } from 'react-admin';
import { LocaleSwitcher } from './layout';

/**
 * react-admin's Login with the identifier relabelled "Email / 邮箱". The inputs are
 * `input[name="email"]` and `input[name="password"]`; the submit button is `button[type="submit"]`. The firm's code
 * (`input[name="firm"]`) is needed only by someone whose address signs in to several firms (the server asks).
 */
export const LoginPage = () => (
  <Login>
    <Box sx={{ display: 'flex', justifyContent: 'center' }}>
      <LocaleSwitcher />
    </Box>
    <LoginForm>
      <TextInput
        autoFocus
        source="email"
        type="email"
        label="app.login.email"
        autoComplete="username"
        validate={required()}
      />
      <PasswordInput source="password" label="ra.auth.password" autoComplete="current-password" validate={required()} />
      <TextInput source="firm" label="app.login.firm" helperText="app.login.firm_help" autoComplete="organization" />
    </LoginForm>
  </Login>
);
