/**
 * The baseline of `npm run bench:admin`: a plain react-admin app (ra-data-simple-rest, the default layout, login and
 * English messages) that lists and shows the same incidents through the same API, with the incident's tasks and
 * timeline as plain ReferenceManyFields. Not part of the product: built by bench/admin.js only.
 */
import { createRoot } from 'react-dom/client';
import {
  Admin, DataTable, DateField, List, ReferenceManyField, Resource, Show, SimpleShowLayout, TextField, fetchUtils, type AuthProvider,
} from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';

const TOKEN = 'baseline.token';

const httpClient = (url: string, options: fetchUtils.Options = {}) => {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  headers.set('Authorization', `Bearer ${localStorage.getItem(TOKEN) ?? ''}`);
  return fetchUtils.fetchJson(url, { ...options, headers });
};

const authProvider: AuthProvider = {
  async login({ username, password }) {
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: username, password }),
    });
    if (!res.ok) throw new Error('ra.auth.sign_in_error');
    localStorage.setItem(TOKEN, (await res.json()).accessToken);
  },
  async logout() {
    localStorage.removeItem(TOKEN);
  },
  async checkAuth() {
    if (!localStorage.getItem(TOKEN)) throw new Error();
  },
  async checkError(error) {
    if (error?.status === 401) {
      localStorage.removeItem(TOKEN);
      throw new Error();
    }
  },
  async getPermissions() {
    return null;
  },
};

const IncidentList = () => (
  <List sort={{ field: 'createdAt', order: 'DESC' }}>
    <DataTable rowClick="show">
      <DataTable.Col source="reference" />
      <DataTable.Col source="title" />
      <DataTable.Col source="status" />
      <DataTable.Col source="grade" />
      <DataTable.Col source="category" />
      <DataTable.Col source="nearestDueAt" field={DateField} />
    </DataTable>
  </List>
);

const IncidentShow = () => (
  <Show>
    <SimpleShowLayout>
      <TextField source="reference" />
      <TextField source="title" />
      <TextField source="status" />
      <TextField source="grade" />
      <TextField source="description" />
      <DateField source="detectedAt" showTime />
      <ReferenceManyField reference="tasks" target="incidentId" sort={{ field: 'position', order: 'ASC' }} perPage={1000} label="Tasks">
        <DataTable bulkActionButtons={false} data-testid="baseline-tasks">
          <DataTable.Col source="phase" />
          <DataTable.Col source="title" />
          <DataTable.Col source="status" />
          <DataTable.Col source="required" />
        </DataTable>
      </ReferenceManyField>
      <ReferenceManyField reference="timeline" target="incidentId" sort={{ field: 'occurredAt', order: 'DESC' }} perPage={1000} label="Timeline">
        <DataTable bulkActionButtons={false}>
          <DataTable.Col source="occurredAt" field={DateField} />
          <DataTable.Col source="kind" />
          <DataTable.Col source="body" />
        </DataTable>
      </ReferenceManyField>
    </SimpleShowLayout>
  </Show>
);

createRoot(document.getElementById('root')!).render(
  <Admin disableTelemetry dataProvider={simpleRestProvider('/api', httpClient)} authProvider={authProvider} requireAuth>
    <Resource name="incidents" list={IncidentList} show={IncidentShow} />
  </Admin>,
);
