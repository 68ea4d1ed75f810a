import React, { useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import { createCompany, getCompany, listCompanies, updateCompany, type Company, type CompanyInput } from '../services/companies.js';
import { ValidationError, type FieldError } from '../services/errors.js';
import { errorMessage, formatMessage, type Translate } from '../services/i18n/index.js';
import { FUNCTIONS, levelOf } from '../services/rights.js';
import { Field } from './components/Field.js';
import { ListView, listPage } from './components/ListView.js';
import { sizeColumns } from './components/Table.js';
import { useApp, useServices, useStoreApi, useLang, useT, useTheme } from './context.js';
import { useAsync, useDirty, useOnReturn, useTitle } from './hooks.js';
import { useCommands } from './keys/react.js';
import type { ScreenProps } from './types.js';
import { useFocusRing } from './useFocusRing.js';
import { arraySource } from './lists/source.js';
import { useList } from './lists/useList.js';
import { useDataChanges } from './dataChanges.js';

/** Compagnies: the list; Enter opens a company's record, n a new one. */
export function CompaniesScreen({ width, height }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const th = useTheme();
  const { data, error, reload } = useAsync(
    async () => ({ rows: await listCompanies(db, session.actor), level: await levelOf(db, session.actor.id, FUNCTIONS.companies) }),
    [],
  );
  // Back from a company's record: it may have changed.
  useOnReturn(reload);
  // Changed elsewhere: read again (the list keeps the cursor on the same row).
  useDataChanges(reload);
  const columns = sizeColumns<Company>(width - 1, [
    { header: t('field.company_code'), width: 8, value: (c) => c.code },
    { header: t('field.company_name'), width: 'flex', value: (c) => c.name },
    { header: t('field.city'), width: 18, value: (c) => c.city },
    { header: t('field.phone'), width: 14, value: (c) => c.phone },
  ]);
  const source = useMemo(
    () =>
      arraySource(
        data?.rows ?? [],
        (c: Company) => [c.code, c.name, c.city, c.phone],
        (c) => c.code,
      ),
    [data],
  );
  const list = useList({
    source,
    page: listPage(height),
    columns: columns.length,
    onOpen: (c) => store.getState().push({ screen: 'companyForm', params: { code: c.code } }),
  });
  useCommands(
    { 'list.new': data?.level === 'modification' && (() => store.getState().push({ screen: 'companyForm', params: {} })) },
    { active: !list.editingFilter },
  );
  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  return <ListView list={list} columns={columns} width={width} />;
}

const COMPANY_FIELDS = ['code', 'name', 'address', 'city', 'phone'] as const;
type CompanyField = (typeof COMPANY_FIELDS)[number];
const label = (t: Translate, name: CompanyField) =>
  name === 'code' ? t('field.company_code') : name === 'name' ? t('field.company_name') : t(`field.${name}`);

/** Compagnies › a company's record (or a new one). */
export function CompanyFormScreen({ route }: ScreenProps) {
  const t = useT();
  const lang = useLang();
  const th = useTheme();
  const { db } = useServices();
  const session = useApp((s) => s.session)!;
  const code = route.params?.code as string | undefined;
  const { data, error } = useAsync(
    async () => ({ company: code ? await getCompany(db, code) : null, level: await levelOf(db, session.actor.id, FUNCTIONS.companies) }),
    [code],
  );
  if (error) return <Text color={th.error}>{errorMessage(error, lang)}</Text>;
  if (!data) return <Text color={th.muted}>{t('app.loading')}</Text>;
  return <CompanyForm company={data.company} readOnly={data.level !== 'modification'} />;
}

function CompanyForm({ company, readOnly }: { company: Company | null; readOnly: boolean }) {
  const t = useT();
  const lang = useLang();
  const { db } = useServices();
  const store = useStoreApi();
  const session = useApp((s) => s.session)!;
  const [initial] = useState<Record<CompanyField, string>>(() => ({
    code: company?.code ?? '',
    name: company?.name ?? '',
    address: company?.address ?? '',
    city: company?.city ?? '',
    phone: company?.phone ?? '',
  }));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  // The code of an existing company is shown, not edited.
  const { focus, setFocus } = useFocusRing(COMPANY_FIELDS.length, { initial: company ? 1 : 0, skip: (i) => !!company && i === 0 });
  const dirty = JSON.stringify(values) !== JSON.stringify(initial);
  useDirty(dirty);
  useTitle(company ? `${company.code} — ${company.name}` : t('screen.companyForm'));

  const save = async () => {
    try {
      const input: CompanyInput = { name: values.name, address: values.address, city: values.city, phone: values.phone };
      if (company) await updateCompany(db, session.actor, company.code, input, company.row_version);
      else await createCompany(db, session.actor, { ...input, code: values.code });
      store.getState().setFlash({ kind: 'success', text: t('app.saved') });
      store.getState().pop();
    } catch (e) {
      if (e instanceof ValidationError) setErrors({ ...e.fields });
      store.getState().setFlash({ kind: 'error', text: errorMessage(e, lang) });
    }
  };
  useCommands({ 'form.save': !readOnly && (() => void save()) });
  const errKey = (name: CompanyField) => errors[name === 'code' ? 'company_code' : name === 'name' ? 'company_name' : name];
  return (
    <Box flexDirection="column">
      <Text bold>{t('screen.companyForm')}</Text>
      {COMPANY_FIELDS.map((name, i) => {
        const e = errKey(name);
        return (
          <Field
            key={name}
            label={label(t, name)}
            kind={name === 'code' && company ? 'readonly' : 'text'}
            value={values[name]}
            onChange={(v) => setValues({ ...values, [name]: String(v) })}
            focus={focus === i}
            error={e ? formatMessage(lang, e.key, e.params) : null}
            readOnly={readOnly}
            labelWidth={20}
            inputWidth={40}
            maxLength={name === 'code' ? 8 : 100}
            onSubmit={() => setFocus(i + 1 < COMPANY_FIELDS.length ? i + 1 : company ? 1 : 0)}
          />
        );
      })}
    </Box>
  );
}
