/** The sign-in form: labelled fields, the error read out by screen readers, nothing but HTML. */
import { escapeHtml, layout } from './layout';

export interface LoginForm {
  csrfToken: string;
  next: string;
  userId?: string;
  error?: string;
}

export function renderLoginPage(f: LoginForm): string {
  const error = f.error ? `<p class="error" role="alert" id="login-error">${escapeHtml(f.error)}</p>` : '';
  const invalid = f.error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  return layout({
    title: 'Sign in',
    body: `${error}
<form method="post" action="/login">
<input type="hidden" name="_csrf" value="${escapeHtml(f.csrfToken)}">
<input type="hidden" name="next" value="${escapeHtml(f.next)}">
<label for="userId">User id</label>
<input id="userId" name="userId" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus value="${escapeHtml(f.userId ?? '')}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<button type="submit">Sign in</button>
</form>`,
  });
}
