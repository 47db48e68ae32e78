// The account page: change the signed-in administrator's password.
import {api, banner, busy, fieldError, messageOf, start} from './admin.js';

const status = document.getElementById('account-status');
const field = id => [document.getElementById(id), document.getElementById(`${id}-error`)];

document.getElementById('password-form').addEventListener('submit', async event => {
  event.preventDefault();
  const [current, currentError] = field('current');
  const [replacement, replacementError] = field('replacement');
  const [confirmation, confirmationError] = field('confirmation');
  fieldError(current, currentError, '');
  fieldError(replacement, replacementError, '');
  fieldError(confirmation, confirmationError, replacement.value === confirmation.value ? '' : 'The two new passwords differ.');
  if (replacement.value !== confirmation.value) return confirmation.focus();
  await busy(document.getElementById('change-password'), async () => {
    const result = await api('POST', 'account/password', {current: current.value, replacement: replacement.value});
    if (!result.ok) {
      fieldError(current, currentError, result.data?.fields?.current);
      fieldError(replacement, replacementError, result.data?.fields?.replacement);
      return banner(status, 'bad', messageOf(result));
    }
    event.target.reset();
    banner(status, 'ok', 'Password changed.');
  });
});

start().then(session => { document.getElementById('account-user').textContent = session.user; });
