# Вопросы, проверки и итог оформления заказа; карточки заказов и действия с ними.

card-service =
    <b>{ $service }</b>
    Цена: <b>{ $price }</b> за 1000
    Мин. – макс.: { $min } – { $max }
card-service-package =
    <b>{ $service }</b>
    Цена: <b>{ $price }</b>
card-refill-yes = ♻️ Гарантия восстановления: есть
card-refill-no = ♻️ Гарантия восстановления: нет
card-cancel-yes = ✖️ Отмена заказа: можно
card-cancel-no = ✖️ Отмена заказа: нельзя
card-dripfeed = 💧 Есть постепенная подача: количество можно доставить в несколько заходов.

ask-link = Отправьте ссылку на канал, группу или пост (t.me/...).
ask-quantity = Сколько нужно? ({ $min } – { $max })
ask-runs = Постепенная подача: за сколько заходов доставить? (2 – 1000) Каждый заход доставляет указанное количество целиком. Или нажмите «Всё сразу».
ask-interval = Сколько минут между заходами? (1 – 1440)
ask-comments = Отправьте комментарии, по одному в строке (от { $min } до { $max } строк).
ask-usernames = Отправьте юзернеймы, по одному в строке (от { $min } до { $max } строк), например @username.
ask-username = Отправьте один юзернейм, например @username.
ask-hashtag = Отправьте хештег, например #news.
ask-answer_number = За какой вариант ответа нужны голоса? Отправьте его номер (1 — первый вариант, 2 — второй...).
ask-groups = Отправьте группы, из которых приглашать: по одному юзернейму в строке (от 1 до 100 строк).
ask-sub_username = Отправьте юзернейм канала, за новыми постами которого нужно следить, например @yourchannel.
ask-sub_min = Минимум на один пост? ({ $min } – { $max })
ask-sub_max = Максимум на один пост? ({ $min } – { $max })
ask-posts = На сколько новых постов? (1 – 10000)
ask-delay = Задержка в минутах перед запуском на каждом посте? (0 – 1440, 0 = сразу)
ask-expiry = До какой даты? (ДД.ММ.ГГГГ) Или нажмите «Без даты окончания».
skip-runs = Всё сразу
skip-expiry = Без даты окончания

field-bad-link = Эта ссылка не подходит. Отправьте ссылку на Telegram, например https://t.me/yourchannel или https://t.me/yourchannel/123.
field-bad-number = Отправьте целое число, например { $min }.
field-below-min = Это меньше минимума. Отправьте число от { $min } до { $max }.
field-above-max = Это больше максимума. Отправьте число от { $min } до { $max }.
field-bad-answer = Отправьте номер ответа целым числом от 1 до 100.
field-too-long = Сообщение слишком длинное.
field-line-too-long = Одна из строк слишком длинная (не больше 1000 символов в строке).
field-lines-count = Вы отправили { $count } { $count ->
        [one] строку
        [few] строки
       *[many] строк
    }, а нужно от { $min } до { $max } — по одной записи в строке.
field-bad-username = Это не юзернейм. Отправьте его в виде @username (латинские буквы, цифры и _; от 4 до 32 символов).
field-bad-username-in-list = «{ $line }» — это не юзернейм. Отправьте по одному @username в строке.
field-bad-hashtag = Это не хештег. Отправьте его в виде #news (буквы, цифры и _).
field-bad-expiry = Отправьте дату в будущем, например 31.12.2026.

order-summary-title = <b>Ваш заказ</b>
sum-service = Услуга: { $service }
sum-link = Ссылка: { $value }
sum-quantity = Количество: { $value }
sum-runs = Заходов: { $value }
sum-interval = Интервал: { $value } мин
sum-comments = Комментарии: { $value }
sum-usernames = Юзернеймы: { $value }
sum-username = Юзернейм: { $value }
sum-hashtag = Хештег: { $value }
sum-answer = Номер ответа: { $value }
sum-groups = Группы: { $value }
sum-sub-min = Мин. на пост: { $value }
sum-sub-max = Макс. на пост: { $value }
sum-posts = Постов: { $value }
sum-delay = Задержка: { $value } мин
sum-expiry = До: { $value }
sum-total = Итого: <b>{ $price }</b>
sum-balance = Ваш баланс: { $balance }

order-paused = 🛠 Заказы временно не принимаются. Попробуйте чуть позже.
order-paused-refunded =
    🛠 Заказы временно не принимаются. Вы ничего не потеряли: { $price } снова на вашем балансе. Попробуйте чуть позже.

card-title = <b>Заказ #{ $id }</b>
card-line-service = Услуга: { $service }
card-line-link = Ссылка: { $link }
card-line-quantity = Количество: { $quantity }
card-line-price = Цена: { $price }
card-line-status = Статус: <b>{ $status }</b>
card-line-upstream-status = Статус у поставщика: { $status }
card-line-start = Было на старте: { $count }
card-line-remains = Осталось: { $count }
card-line-refund = Возвращено: { $refund }
card-line-created = Оформлен: { $date }
card-line-refill = Восстановление: { $status }
card-line-cancel-requested = Запрошена отмена: ждём ответа поставщика.
btn-refresh = 🔄 Обновить
btn-cancel-order = ✖️ Отменить заказ
btn-refill = ♻️ Восстановить
btn-order-again = 🔁 Заказать ещё
btn-to-list = 📦 Все заказы
order-not-found = Заказ не найден.
order-refreshed = Обновлено.
order-refresh-failed = Поставщик сейчас не ответил. Показан последний известный статус.
order-cancel-requested = ✖️ Запрошена отмена заказа #{ $id }. Если поставщик его отменит, деньги вернутся на баланс, и я сообщу об этом.
order-cancel-refused = Поставщик не смог отменить заказ #{ $id } (возможно, он уже выполняется или завершён).
order-cancel-unavailable = Этот заказ сейчас нельзя отменить.
order-refill-requested = ♻️ Запрошено восстановление по заказу #{ $id }. Я сообщу результат.
order-refill-refused = Поставщик сейчас не принял восстановление по заказу #{ $id }.
order-refill-unavailable = Восстановление по этому заказу сейчас недоступно.
order-refill-open = Восстановление по этому заказу уже идёт.
order-again-unavailable = Эта услуга больше недоступна.
refill-status-requested = запрошено
refill-status-pending = выполняется
refill-status-completed = выполнено
refill-status-rejected = отклонено
refill-status-error = не удалось

notice-refill-completed = ♻️ Восстановление по заказу <b>#{ $id }</b> выполнено.
notice-refill-rejected = ♻️ Поставщик отклонил восстановление по заказу <b>#{ $id }</b>.
notice-refill-error = ♻️ Восстановление по заказу <b>#{ $id }</b> выполнить не удалось.
notice-resolved-placed = ✅ Заказ <b>#{ $id }</b> подтверждён поставщиком и уже выполняется. Я сообщу, когда он будет выполнен.
notice-resolved-refunded = ↩️ Заказ <b>#{ $id }</b> не удалось оформить у поставщика. Возвращено на баланс: <b>{ $refund }</b>.

admin-orders-paused-funds = 🛑 Панель ответила «недостаточно средств»: новые заказы приостановлены, покупатели видят «временно не принимаются». Пополните баланс панели — заказы возобновятся сами.
admin-orders-paused-low = 🛑 Баланс панели ниже PANEL_BALANCE_ALERT: новые заказы приостановлены. Пополните баланс панели — заказы возобновятся сами.
admin-orders-resumed = ✅ Баланс панели пополнен: заказы снова принимаются.
admin-unknown-empty = Нет заказов, ожидающих решения.
admin-unknown-title = <b>Заказы с неизвестным результатом</b> (решите каждый: /resolve &lt;заказ&gt; &lt;id заказа в панели&gt; или /resolve &lt;заказ&gt; refund):
admin-unknown-line = #{ $id } · пользователь { $user } · { $service } · { $quantity } · { $price } · { $date }
admin-resolve-usage = Использование: /resolve &lt;заказ&gt; &lt;id заказа в панели&gt; или /resolve &lt;заказ&gt; refund
admin-resolve-not-unknown = Заказ #{ $id } не ожидает решения.
admin-resolve-id-taken = Заказ панели { $upstream } уже привязан к другому заказу.
admin-resolved-placed = Заказ #{ $id } привязан к заказу панели { $upstream }; его статус будет отслеживаться.
admin-resolved-refunded = По заказу #{ $id } сделан возврат ({ $refund }).

search-hint = <i>Или напишите, что ищете, например «просмотры» или «подписчики».</i>
search-results = Найдено по запросу «{ $query }»
search-nothing = По запросу «{ $query }» ничего не найдено. Выберите категорию или попробуйте другие слова.
