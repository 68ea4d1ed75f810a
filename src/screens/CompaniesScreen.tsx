import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { createCompany, listCompanies, updateCompany, type Company, type CompanyInput } from '../services/companies.js';
import { ValidationError, type FieldError } from '../services/errors.js';
import { errorMessage, t } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import { isKey } from '../state/keymap.js';
import { Field } from './components/Field.js';
import { Table, columnWidths, type Column } from './components/Table.js';
import { useApp, useServices, useStoreApi } from './context.js';
import { useAsync, useBack, useScreenInput, useScreenKeys } from './hooks.js';
import { theme } from './theme.js';
import type { ScreenProps } from './types.js';

/** Compagnies: list, and a small form to add or edit one. */
export function CompaniesScreen({ width, height }: ScreenProps) {
  const { db } = useServices();
  const session = useApp((s) => s.session)!;
  const [cursor, setCursor] = useState(0);
  const [editing, setEditing] = useState<Company | 'new' | null>(null);
  const back = useBack();
  const th = theme();
  const { data, error, reload } = useAsync(
    async () => ({ rows: await listCompanies(db, session.actor), level: await levelOf(db, session.actor.id, FUNCTIONS.companies) }),
    [],
  );
  useScreenKeys(['records', 'list', 'global'], false, editing === null);
  const rows = data?.rows ?? [];

  useScreenInput((input, key) => {
    if (isKey('back', input, key)) return back();
    if (isKey('down', input, key)) setCursor((c) => Math.min(rows.length - 1, c + 1));
    else if (isKey('up', input, key)) setCursor((c) => Math.max(0, c - 1));
    else if (isKey('open', input, key) && rows[cursor]) setEditing(rows[cursor]!);
    else if (isKey('new', input, key) && data?.level === 'modification') setEditing('new');
  }, editing === null);

  if (error) return <Text color={th.error}>{errorMessage(error)}</Text>;
  if (editing)
    return (
      <CompanyForm
        company={editing === 'new' ? null : editing}
        readOnly={data?.level !== 'modification'}
        onClose={(saved) => {
          setEditing(null);
          if (saved) reload();
        }}
      />
    );
  const [wCode, wName, wCity, wPhone] = columnWidths(width - 1, [8, 'flex', 18, 14]);
  const columns: Column<Company>[] = [
    { header: t('field.company_code'), width: wCode!, value: (c) => c.code },
    { header: t('field.company_name'), width: wName!, value: (c) => c.name },
    { header: t('field.city'), width: wCity!, value: (c) => c.city },
    { header: t('field.phone'), width: wPhone!, value: (c) => c.phone },
  ];
  return <Table columns={columns} rows={rows} cursor={cursor} height={height - 1} emptyText={data ? t('app.noRows') : t('app.loading')} />;
}

const COMPANY_FIELDS = ['code', 'name', 'address', 'city', 'phone'] as const;

function CompanyForm({ company, readOnly, onClose }: { company: Company | null; readOnly: boolean; onClose: (saved: boolean) => void }) {
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const initial: Record<string, string> = {
    code: company?.code ?? '',
    name: company?.name ?? '',
    address: company?.address ?? '',
    city: company?.city ?? '',
    phone: company?.phone ?? '',
  };
  const [values, setValues] = useState(initial);
  const [focus, setFocus] = useState(company ? 1 : 0);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  useScreenKeys(['form', 'global'], !readOnly);
  React.useEffect(() => {
    store.getState().setDirty(dirty);
    return () => store.getState().setDirty(false);
  }, [dirty]);

  const save = async () => {
    if (readOnly) return;
    try {
      const input: CompanyInput = { name: values.name, address: values.address, city: values.city, phone: values.phone };
      if (company) await updateCompany(db, session.actor, company.code, input, company.row_version);
      else await createCompany(db, session.actor, { ...input, code: values.code });
      store.getState().setFlash({ kind: 'success', text: t('app.saved') });
      onClose(true);
    } catch (e) {
      if (e instanceof ValidationError) setErrors({ ...e.fields });
      store.getState().setFlash({ kind: 'error', text: errorMessage(e) });
    }
  };
  useScreenInput((input, key) => {
    if (isKey('save', input, key)) return void save();
    if (key.escape) {
      if (!dirty) return onClose(false);
      return store.getState().confirm({ message: t('app.unsavedConfirm'), dangerous: true, onYes: () => onClose(false) });
    }
    const first = company ? 1 : 0;
    if (key.tab || key.downArrow || key.return) setFocus((f) => (key.shift ? Math.max(first, f - 1) : f >= 4 ? first : f + 1));
    else if (key.upArrow) setFocus((f) => Math.max(first, f - 1));
  });
  const errKey = (name: string) => errors[name === 'code' ? 'company_code' : name === 'name' ? 'company_name' : name];
  return (
    <Box flexDirection="column">
      <Text bold>{t('screen.companyForm')}</Text>
      {COMPANY_FIELDS.map((name, i) => {
        const e = errKey(name);
        return (
          <Field
            key={name}
            label={t(name === 'code' ? 'field.company_code' : name === 'name' ? 'field.company_name' : `field.${name}`)}
            kind={name === 'code' && company ? 'readonly' : 'text'}
            value={values[name]!}
            onChange={(v) => setValues({ ...values, [name]: String(v) })}
            focus={focus === i}
            error={e ? t(e.key, e.params) : null}
            readOnly={readOnly}
            labelWidth={20}
            inputWidth={40}
            maxLength={name === 'code' ? 8 : 100}
          />
        );
      })}
    </Box>
  );
}
