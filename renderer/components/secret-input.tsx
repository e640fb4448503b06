/**
 * A password box whose text React never writes into the page. A controlled <input value={…}> has React mirror
 * each keystroke into the element's value attribute, where the page's markup (and a CSS attribute selector) can
 * read it; left uncontrolled, the typed text lives only in the element and in what onChange hands over.
 */
import type { InputHTMLAttributes } from 'react';

type SecretInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'defaultValue' | 'onChange'> & {
  onChange: (value: string) => void;
};

export function SecretInput({ onChange, ...rest }: SecretInputProps) {
  return <input {...rest} type="password" autoComplete="off" onChange={(e) => onChange(e.target.value)} />;
}
