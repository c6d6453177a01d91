# Поступления денег: пополнения (Telegram Stars, платёжный провайдер, чеки), рефералы, промокоды.
# Режим HTML; переменные с именами и текстом пользователей экранирует код.
# Ключи на -plain показывает сам Telegram (ошибки pre-checkout): обычный текст, без HTML.

btn-topup = ➕ Пополнить
cmd-topup = Пополнить баланс
cmd-referrals = Пригласить друзей и заработать
cmd-paysupport = Помощь с оплатой

topup-menu =
    <b>Пополнение баланса</b>
    Ваш баланс: <b>{ $balance }</b>
topup-stars-rate = ⭐ Telegram Stars: 1 звезда = { $rate }
topup-choose = Выберите способ оплаты:
topup-none = Пополнение сейчас недоступно. Напишите администратору магазина.
btn-stars-preset = ⭐ { $stars } → { $amount }
btn-stars-custom = ⭐ Другое количество звёзд
btn-provider = 💳 Оплатить картой
btn-receipt = 🧾 Перевод на карту / кошелёк
btn-never-mind = ✖️ Не надо
topup-left = Хорошо, ничего не начато.

stars-ask-amount = Сколько звёзд? Отправьте целое число от 1 до { $max }. 1 звезда = { $rate }.
stars-bad-amount = Отправьте целое число звёзд от 1 до { $max }.
provider-ask-amount = Сколько хотите зачислить? Отправьте сумму в { $currency }, например 50000.
provider-bad-amount = Отправьте сумму в виде 50000 или 12.50.
invoice-title = Пополнение баланса
invoice-stars-description = { $amount } на ваш баланс в этом магазине за { $stars } { $stars ->
        [one] звезду
        [few] звезды
       *[many] звёзд
    }.
invoice-provider-description = { $amount } на ваш баланс в этом магазине.
invoice-label = Пополнение баланса
invoice-failed = Не удалось подготовить платёж. Попробуйте другую сумму или повторите позже.
invoice-sent = Оплатите счёт выше: баланс пополнится, как только Telegram подтвердит платёж.

precheckout-malformed-plain = Этот счёт больше недействителен. Запросите новый через /topup.
precheckout-foreign-plain = Этот счёт выставлен другому аккаунту. Запросите свой через /topup.
precheckout-banned-plain = Ваш доступ к магазину ограничен.
precheckout-disabled-plain = Этот способ оплаты сейчас недоступен.
precheckout-changed-plain = Цена изменилась. Запросите новый счёт через /topup.

payment-duplicate = Этот платёж уже зачислен на баланс. Ваш баланс: <b>{ $balance }</b>
payment-uncredited = Платёж получен. Администратор скоро зачислит его на ваш баланс.

notice-payment-credited = ✅ Платёж получен: на баланс зачислено <b>{ $amount }</b>. Баланс: <b>{ $balance }</b>
notice-receipt-approved = ✅ Заявка на пополнение #{ $id } одобрена: на баланс зачислено <b>{ $amount }</b>. Баланс: <b>{ $balance }</b>
notice-receipt-rejected =
    ❌ Заявка на пополнение #{ $id } ({ $amount }) не одобрена.
    Причина: { $reason }
notice-referral-bonus = 🎁 Реферальный бонус: <b>{ $amount }</b> за пополнение приглашённого вами пользователя. Баланс: <b>{ $balance }</b>
notice-referral-clawback = ↩️ Пополнение приглашённого вами пользователя возвращено, поэтому реферальный бонус <b>{ $amount }</b> списан. Баланс: <b>{ $balance }</b>
notice-stars-refunded = ↩️ Ваш платёж в { $stars } { $stars ->
        [one] звезду
        [few] звезды
       *[many] звёзд
    } возвращён; с баланса списано { $amount }. Баланс: <b>{ $balance }</b>
notice-card-refunded = ↩️ Ваш платёж картой #{ $id } возвращён; с баланса списано { $amount }. Баланс: <b>{ $balance }</b>
notice-admin-payment =
    💰 Платёж #{ $id }: { $user } оплатил(а) { $paid }; зачислено { $credited }.
    Charge id: <code>{ $charge }</code>
notice-admin-payment-uncredited =
    ⚠️ Платёж #{ $id }: { $user } оплатил(а) { $paid }, но зачислить его автоматически не удалось (этот способ оплаты выключен или счёт не наш). Зачислите вручную или сделайте возврат.
    Charge id: <code>{ $charge }</code>
btn-refund = ↩️ Вернуть

paysupport-text =
    <b>Помощь с оплатой</b>
    Если платёж не дошёл до баланса или вы хотите запросить возврат, отправьте /paysupport и опишите, что случилось, например:
    <code>/paysupport Оплатил 100 звёзд в 14:05, а баланс не изменился</code>
    Администраторы магазина ответят здесь. Платёж звёздами можно вернуть, пока зачисленная сумма ещё на балансе.
paysupport-sent = Спасибо! Ваше сообщение отправлено администраторам магазина, они ответят здесь.
paysupport-admin = 🆘 Вопрос по оплате от { $user }:

receipt-instructions =
    <b>Перевод на карту / кошелёк</b>
    { $instructions }

    После оплаты отправьте переведённую сумму в { $currency }, например 50000.
receipt-bad-amount = Отправьте сумму, которую вы перевели, например 50000 или 12.50.
receipt-ask-file = Теперь отправьте фото или PDF чека на <b>{ $amount }</b>.
receipt-send-file = Отправьте чек фотографией или документом.
receipt-too-many = У вас уже есть заявки на пополнение, которые ждут проверки: { $count }. Подождите, пока администратор их проверит.
receipt-received = 📨 Чек получен: заявка #{ $id } на <b>{ $amount }</b>. Администратор проверит его, и я сообщу результат здесь.
receipt-card =
    🧾 <b>Заявка на пополнение #{ $id }</b>
    Покупатель: { $buyer }
    Сумма: <b>{ $amount }</b>
receipt-card-reused = ⚠️ Этот файл чека уже присылали: { $list }
receipt-card-reused-item = #{ $id } ({ $status }, пользователь { $user })
receipt-card-approved = ✅ Одобрено ({ $admin }): зачислено { $amount }.
receipt-card-rejected = ❌ Отклонено ({ $admin }). Причина: { $reason }
receipt-status-pending = ожидает
receipt-status-approved = одобрена
receipt-status-rejected = отклонена
btn-approve = ✅ Одобрить
btn-adjust = ✏️ Изменить сумму
btn-reject = ❌ Отклонить
receipt-already-decided = Заявка #{ $id } уже { $status } ({ $admin }).
receipt-ask-reason = Отправьте причину отклонения заявки #{ $id } ({ $amount }). Покупатель её увидит.
receipt-ask-adjust = Отправьте сумму к зачислению по заявке #{ $id } (покупатель указал { $amount }).
receipt-approved-admin = Заявка #{ $id } одобрена: { $amount } зачислено покупателю { $buyer }.
receipt-rejected-admin = Заявка #{ $id } отклонена; покупатель уведомлён.
receipt-not-found = Такой заявки на пополнение нет.
receipt-reason-empty = Отправьте причину текстом.
receipt-adjust-bad = Отправьте сумму к зачислению числом, например 50000 или 12.50 (или нажмите «Не надо»).
receipt-prompt-left = Хорошо, заявка #{ $id } остаётся в ожидании.
topups-empty = Нет заявок на пополнение в ожидании.
topups-title = <b>Заявки на пополнение в ожидании</b> ({ $count })
topups-line = #{ $id } · { $buyer } · { $amount } · { $age }
topups-hint = Нажмите на заявку, чтобы увидеть чек и принять решение.
age-minutes = { $n } мин назад
age-hours = { $n } ч назад
age-days = { $n } дн. назад

refund-usage = Использование: /refund &lt;charge id&gt; (Telegram — из уведомления о платеже, или вашего провайдера)
refund-confirm = Вернуть платёж #{ $id } ({ $stars } ⭐) пользователю { $buyer }? С его баланса будет списано { $amount }.
btn-refund-confirm = ↩️ Да, вернуть
refund-done = ↩️ Платёж #{ $id } возвращён: { $stars } ⭐ вернулись пользователю { $buyer }; с его баланса списано { $amount }.
refund-done-card = ↩️ Платёж картой #{ $id } записан как возвращённый: с баланса { $buyer } списано { $amount }. Теперь верните { $paid } у платёжного провайдера (charge <code>{ $charge }</code>).
refund-confirm-card = Записать возврат платежа картой #{ $id } ({ $paid }) пользователю { $buyer }? С его баланса будет списано { $amount }. Бот не может вернуть деньги на карту: после этого сделайте возврат у платёжного провайдера.
refund-clawback = Реферальный бонус за этот платёж, { $taken }, списан у { $referrer }.
refund-clawback-short = Из реферального бонуса за этот платёж у { $referrer } списано { $taken }; { $short } уже потрачено и остаётся у него.
refund-short = Платёж #{ $id } не возвращён: на балансе покупателя ({ $balance }) уже нет зачисленных { $amount }.
refund-not-found = Платежа с таким charge id нет.
refund-already = Платёж #{ $id } уже возвращён.
refund-refused = Telegram отказал в возврате платежа #{ $id }: { $error }. Баланс покупателя восстановлен.
refund-unknown = Telegram не подтвердил возврат платежа #{ $id } ({ $error }). Баланс остаётся списанным; отправьте /refund { $charge } ещё раз, чтобы завершить возврат.

referrals-text =
    <b>Приглашайте друзей</b>
    Ваша ссылка: { $link }
    Вы получаете { $percent }% с каждого пополнения тех, кто пришёл по ней.
    Приглашено: <b>{ $count }</b>
    Заработано: <b>{ $earned }</b>
referrals-off =
    <b>Приглашайте друзей</b>
    Ваша ссылка: { $link }
    Приглашено: <b>{ $count }</b>

promo-usage = Чтобы активировать промокод, отправьте <code>/promo КОД</code>.
promo-not-found = Такого промокода нет.
promo-expired = Срок действия промокода истёк.
promo-used-up = Этот промокод уже закончился.
promo-already = Вы уже использовали этот промокод.
promo-redeemed = 🎁 Промокод { $code }: на баланс зачислено <b>{ $amount }</b>. Баланс: <b>{ $balance }</b>
promo-admin-usage =
    Использование: <code>/promo create КОД сумма активаций [ГГГГ-ММ-ДД или дней]</code>
    Например: <code>/promo create SPRING 5000 100 30</code>
    КОД: 3–32 символа — буквы, цифры, _ или -.
    /promo list — последние промокоды
promo-created = Промокод <code>{ $code }</code> создан: по { $amount }, активаций: { $uses }, { $expiry }.
promo-exists = Промокод с таким названием уже есть.
promo-no-expiry = бессрочно
promo-expires = действует до { $date } (UTC)
promo-list-line = <code>{ $code }</code> · { $amount } · использован { $used }/{ $uses } · { $expiry }
promo-list-empty = Промокодов пока нет.
