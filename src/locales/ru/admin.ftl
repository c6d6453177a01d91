# Тексты админ-консоли. Отправляются с parse_mode HTML: все переменные с текстом от пользователей или
# панели экранирует код; id передаются строками (без разделения разрядов).

## Команды (собственное меню команд админа) и /admin

admin-cmd-admin = Меню администратора
admin-cmd-stats = Цифры: сегодня, 7 и 30 дней
admin-cmd-orders = Последние заказы [статус]
admin-cmd-order = Заказ по id (или оформить заказ)
admin-cmd-user = Пользователь: баланс, заказы, движения
admin-cmd-credit = Пополнить баланс
admin-cmd-debit = Списать с баланса
admin-cmd-ban = Заблокировать пользователя
admin-cmd-unban = Разблокировать пользователя
admin-cmd-service = Услуга: скрыть, цена, наценка, название
admin-cmd-category = Категории: скрыть, порядок, наценка
admin-cmd-sync = Синхронизировать каталог сейчас
admin-cmd-panel = Баланс панели
admin-cmd-broadcast = Рассылка всем пользователям
admin-cmd-audit = Последние действия админов
admin-cmd-unknown = Заказы с неизвестным результатом
admin-cmd-resolve = Решить заказ с неизвестным результатом
admin-cmd-topups = Чеки на пополнение в ожидании
admin-cmd-refund = Вернуть платёж (Stars или карта)
admin-cmd-promo = Промокоды (создать, список)

admin-menu-title = 🛠 <b>Админка</b>
admin-menu-stats = /stats — новые пользователи, покупатели, заказы, оборот, себестоимость, прибыль, возвраты, топ услуг
admin-menu-orders = /orders [статус] — последние заказы по страницам (pending, in_progress, unknown, …)
admin-menu-order = /order &lt;id&gt; — всё о заказе, с кнопками Обновить / Отменить / Вернуть
admin-menu-user = /user &lt;id или @имя&gt; — баланс, язык, заказы, расходы, последние движения по балансу
admin-menu-credit = /credit &lt;пользователь&gt; &lt;сумма&gt; [заметка] — зачислить на баланс
admin-menu-debit = /debit &lt;пользователь&gt; &lt;сумма&gt; [заметка] — списать с баланса (никогда не ниже нуля)
admin-menu-ban = /ban &lt;пользователь&gt; [причина] — пользователь больше не сможет пользоваться магазином
admin-menu-unban = /unban &lt;пользователь&gt; — снять блокировку
admin-menu-service = /service &lt;id&gt; — скрыть или показать, своя цена за 1000, своя наценка, название для покупателей
admin-menu-category = /category — скрыть или показать категории, их порядок и наценка
admin-menu-sync = /sync — загрузить услуги панели сейчас и показать, что изменилось
admin-menu-panel = /panel — баланс панели
admin-menu-broadcast = /broadcast — отправить сообщение (текст или фото) всем пользователям
admin-menu-audit = /audit — последние действия админов
admin-menu-unknown = /unknown — заказы, оформление которых панель так и не подтвердила
admin-menu-resolve = /resolve &lt;заказ&gt; &lt;id заказа в панели&gt; или /resolve &lt;заказ&gt; refund — решить один заказ
admin-menu-topups = /topups — чеки на пополнение, ждущие решения
admin-menu-refund = /refund &lt;charge id&gt; — вернуть платёж (Stars — через Telegram; платёж картой записывается, деньги вы возвращаете у провайдера)
admin-menu-promo = /promo create | list — промокоды
admin-btn-menu-stats = 📊 Статистика
admin-btn-menu-panel = 💼 Панель
admin-btn-menu-orders = 📦 Заказы
admin-btn-menu-categories = 🗂 Категории
admin-btn-menu-sync = 🔄 Синхронизация
admin-btn-menu-audit = 📜 Журнал
admin-btn-menu-broadcast = 📣 Рассылка

## Общие слова и кнопки

admin-yes = да
admin-no = нет
admin-yes-because = да ({ $reason })
admin-none = нет
admin-hidden = скрыта
admin-visible = видна
admin-saved = ✅ Сохранено.
admin-hidden-short = Скрыто
admin-shown-short = Показано
admin-btn-back = ⬅️ Назад
admin-btn-hide = 🙈 Скрыть
admin-btn-show = 👁 Показать
admin-btn-cancel-input = ✖️ Отмена
admin-input-cancelled = Отменено. Ничего не изменено.
admin-input-none = Сейчас ничего не ждёт ответа.
admin-send-text = Отправьте значение текстом.

## Деньги

admin-usage-credit = Использование: /credit &lt;id пользователя или @username&gt; &lt;сумма&gt; [заметка]
admin-usage-debit = Использование: /debit &lt;id пользователя или @username&gt; &lt;сумма&gt; [заметка]
admin-user-not-found = Такого пользователя нет. Сначала он должен запустить бота.
admin-bad-amount = Сумма должна быть положительным числом, например 15000 или 12.50.
admin-credited = Зачислено { $amount } пользователю { $user }. Его баланс: { $balance }.
admin-debited = Списано { $amount } у пользователя { $user }. Его баланс: { $balance }.
admin-debit-refused = ❌ Не списано: у { $user } на балансе { $balance }, это меньше { $amount }. Баланс не может уйти ниже нуля.

## Пользователи

admin-usage-user = Использование: /user &lt;id пользователя или @username&gt;
admin-usage-ban = Использование: /ban &lt;id пользователя или @username&gt; [причина]
admin-usage-unban = Использование: /unban &lt;id пользователя или @username&gt;
admin-user-card =
    👤 <b>{ $user }</b> · { $name }
    Язык: { $language }
    С нами с: { $joined } · Был(а) в сети: { $seen }
    Баланс: <b>{ $balance }</b>
    Заказов: { $orders } · Потрачено: { $spent }
    Заблокирован: { $banned }
    Заблокировал(а) бота: { $blocked }
admin-user-ledger-title = <b>Последние движения по балансу</b>
admin-user-ledger-line = { $time } · { $delta } → { $balance } · { $reason }{ $order }{ $note }
admin-btn-ban = 🚫 Заблокировать
admin-btn-unban = ✅ Разблокировать
admin-ban-admin = Админа нельзя заблокировать. Сначала уберите его из ADMIN_IDS.
admin-banned = 🚫 { $user } заблокирован(а). На любое сообщение получит одну вежливую строку и не сможет оформлять заказы.
admin-unbanned = ✅ { $user } больше не заблокирован(а).
admin-banned-short = Заблокирован
admin-unbanned-short = Разблокирован

## Заказы

admin-usage-order = Использование: /order &lt;id заказа&gt;
admin-usage-orders = Использование: /orders [статус]. Статусы: { $statuses }
admin-order-not-found = Заказа #{ $id } нет.
admin-order-card =
    📦 <b>Заказ #{ $id }</b> · { $status } (панель: { $upstreamStatus })
    Пользователь: { $user }
    Услуга: #{ $serviceId } { $service } (в панели: { $panelName }; тип { $kind })
    Ссылка: { $link }
    Количество: { $quantity } · Поля: { $params }
    Цена: <b>{ $price }</b> · Возвращено: { $refunded } · Себестоимость (оценка): { $cost }
    Заказ в панели: { $upstreamId } · Было на старте: { $startCount } · Осталось: { $remains }
    Ошибка: { $failure }
    Создан: { $created }
    Обновлён: { $updated } · Последнее изменение: { $changed }
    Запрошена отмена: { $cancelRequested }
admin-order-upstream =
    <b>Ответ панели</b>: { $status }
    Списано: { $charge } · Было на старте: { $startCount } · Осталось: { $remains }
admin-order-unknown-status = ⚠️ Панель прислала статус, который магазин не знает; статус заказа не меняется.
admin-order-no-upstream = У этого заказа нет id заказа в панели, поэтому спросить панель о нём нельзя. Проверьте панель по ссылке и времени.
admin-order-cancel-not-active = Отменить в панели можно только ожидающий или выполняющийся заказ с id заказа в панели.
admin-order-cancel-requested = ✅ Панель приняла запрос на отмену. Возврат будет, когда панель сообщит, что заказ отменён.
admin-order-cancel-refused = ❌ Панель не приняла запрос на отмену (услуга может не позволять отмену, или заказ уже далеко продвинулся).
admin-order-refund-ask =
    Вернуть <b>{ $amount }</b> пользователю { $user } за заказ #{ $id }?
    Заказ будет отмечен отменённым, покупатель получит уведомление.
admin-order-refund-warning = ⚠️ Это не отменяет заказ в панели: если он там ещё может выполняться, сначала нажмите «Отменить в панели».
admin-order-not-refundable = Этот заказ нельзя вернуть здесь (статус: { $status }). Неудачные и отменённые заказы уже возвращены; для возврата в знак доброй воли по выполненному заказу используйте /credit с заметкой.
admin-order-refunded = ✅ Возвращено { $amount }. Баланс покупателя: { $balance }.
admin-order-refunded-short = Возвращено
admin-btn-refresh = 🔄 Обновить
admin-btn-cancel-order = ✖️ Отменить в панели
admin-btn-refund = ↩️ Вернуть деньги
admin-btn-refund-yes = ✅ Да, вернуть
admin-orders-title = <b>Заказы</b> · { $status } · страница { $page } из { $pages } (всего { $total })
admin-orders-all = все
admin-orders-empty = Заказов нет.
admin-orders-line = #{ $id } · { $status } · { $quantity } · { $price } · пользователь { $user } · { $service } · { $time }

## Каталог

admin-usage-service = Использование: /service &lt;id услуги&gt; (id есть в /category → категория → Услуги)
admin-service-not-found = Такой услуги нет. Если панель только что её добавила, выполните /sync.
admin-service-card =
    🧩 <b>Услуга #{ $id }</b>
    Название в панели: { $name }
    Покупатели видят: { $displayName }
    Категория: { $category }
    Тип: { $type } ({ $kind }) · Мин. – макс.: { $min } – { $max }
    Ставка панели за 1000: { $rate } · Себестоимость за 1000: { $cost }
    Цена для покупателя за 1000: <b>{ $price }</b> ({ $basis })
    Состояние: { $state }
admin-service-same-name = название из панели
admin-price-basis-own = своя цена
admin-price-basis-service = наценка услуги { $markup }
admin-price-basis-category = наценка категории { $markup }
admin-price-basis-shop = наценка магазина { $markup }
admin-service-state-on-sale = в продаже
admin-service-state-hidden = скрыта админом
admin-service-state-category-hidden = её категория скрыта
admin-service-state-gone = больше нет в списке панели
admin-service-state-unsupported = такой тип здесь заказать нельзя
admin-btn-rename = ✏️ Название для покупателей
admin-btn-own-price = 💲 Своя цена
admin-btn-own-markup = 📈 Своя наценка
admin-btn-to-category = ⬅️ Категория
admin-ask-service-price =
    Отправьте цену за 1000 для покупателей услуги #{ $id } ({ $name }), например 150 или 99.50.
    Сейчас: { $current }. Отправьте -, чтобы убрать её (снова будет действовать наценка).
admin-ask-service-markup =
    Отправьте наценку в процентах для услуги #{ $id } ({ $name }), например 30 или 12.5.
    Сейчас: { $current }. Отправьте -, чтобы убрать её (снова будет действовать наценка категории или магазина).
admin-ask-service-name =
    Отправьте название, которое покупатели увидят у услуги #{ $id } ({ $name }).
    Сейчас: { $current }. Отправьте -, чтобы снова показывать название из панели.
admin-ask-category-markup =
    Отправьте наценку в процентах для всех услуг категории { $name }, например 30 или 12.5 (своя цена или наценка услуги всё равно важнее).
    Сейчас: { $current }. Отправьте -, чтобы убрать её (снова будет действовать наценка магазина).
admin-bad-price = Это не цена. Отправьте положительную сумму, например 150 или 99.50, или -, чтобы убрать свою цену.
admin-bad-markup = Это не наценка. Отправьте проценты, например 30 или 12.5, или -, чтобы убрать её.
admin-bad-name = Отправьте название от 1 до { $max } символов или -, чтобы показывать название из панели.

admin-categories-title = 🗂 <b>Категории</b> (в том порядке, в каком их видят покупатели)
admin-categories-empty = Категорий пока нет. Выполните /sync.
admin-categories-line = { $position }. { $name } — услуг: { $services } · { $state }{ $markup }
admin-category-card =
    🗂 <b>{ $name }</b>
    Позиция: { $position } из { $count } · { $state }
    Наценка: { $markup }
    Услуг: { $services }
admin-category-markup-default = по умолчанию для магазина ({ $markup })
admin-category-services = 🗂 <b>{ $name }</b>: услуг { $count } (страница { $page } из { $pages }). 🙈 скрыта, ⛔ не продаётся.
admin-category-not-found = Такой категории нет.
admin-category-at-end = Категория уже на краю списка.
admin-btn-up = ⬆️ Выше
admin-btn-down = ⬇️ Ниже
admin-btn-services = 🧩 Услуги
admin-btn-all-categories = 🗂 Все категории

admin-sync-done = ✅ <b>Каталог синхронизирован.</b>
admin-sync-failed = ❌ Каталог не синхронизирован; остаётся прежний.
admin-sync-added = Добавлено: { $count }{ $ids }
admin-sync-changed = Изменено: { $count }{ $ids }
admin-sync-removed = Удалено: { $count }{ $ids }
admin-sync-prices = Изменений цен: { $count }
admin-sync-price-line = • #{ $id }: { $from } → { $to }
admin-sync-unsupported = Типы, которые магазин не может продавать (скрыты от покупателей): { $count }

## Панель

admin-panel-balance = 💼 Баланс панели: <b>{ $balance }</b> (валюта: { $currency })
admin-panel-alert = Новые заказы приостанавливаются, если баланс ниже { $threshold } (PANEL_BALANCE_ALERT).
admin-panel-failed = ❌ Не удалось получить баланс панели.
admin-panel-error-key = Панель не приняла API-ключ. Проверьте PANEL_API_KEY.
admin-panel-error-refused = Панель отклонила запрос.
admin-panel-error-unreachable = Панель сейчас недоступна.
admin-panel-error-uncertain = Панель не дала внятного ответа (тайм-аут или страница ошибки).
admin-panel-error-other = Что-то пошло не так при обращении к панели.

## Цифры

admin-stats-today = Сегодня
admin-stats-week = Последние 7 дней
admin-stats-month = Последние 30 дней
admin-stats-window =
    📊 <b>{ $title }</b>
    Новых пользователей: { $newUsers } · Активных покупателей: { $buyers }
    Заказов: { $orders }{ $statuses }
    Оборот: <b>{ $turnover }</b> · Себестоимость: { $cost }
    Валовая прибыль: <b>{ $profit }</b> · Возвраты: { $refunds }
admin-stats-top-line = { $position }. #{ $id } { $name } — заказов: { $orders }, { $turnover }
admin-stats-note = <i>Оборот — это сколько заплатили покупатели минус возвраты; себестоимость оценивается по ставке панели на момент заказа (отменённые заказы ничего не стоят, частичные — свою доставленную долю). Деньги учитываются в день оформления заказа.</i>

## Рассылка

admin-bc-ask = 📣 Отправьте сообщение для всех пользователей: текст или фото с подписью. Перед отправкой вы увидите предпросмотр.
admin-bc-busy = Рассылка #{ $id } ещё идёт ({ $sent } из { $total }); новая начнётся после неё.
admin-bc-bad-content = Отправьте текст или фото с подписью.
admin-bc-preview = 👇 Так это будет выглядеть:
admin-bc-confirm = Отправить рассылку #{ $id } пользователям: { $count }?
admin-btn-bc-send = ✅ Отправить
admin-btn-bc-discard = ✖️ Удалить
admin-btn-bc-stop = ⏹ Остановить
admin-bc-gone = Эта рассылка уже отправлена, остановлена или удалена.
admin-bc-discarded = Рассылка #{ $id } удалена. Ничего не отправлено.
admin-bc-queued-short = В очереди
admin-bc-queued = 📣 Рассылка #{ $id } начинается, получателей: { $total }.
admin-bc-queued-behind = 📣 Рассылка #{ $id } в очереди (получателей: { $total }); начнётся, когда завершатся предыдущие ({ $ahead }).
admin-bc-progress = 📣 Рассылка #{ $id }: { $done } из { $total } · отправлено { $sent } · заблокировали { $blocked } · ошибок { $failed }
admin-bc-done = ✅ Рассылка #{ $id } завершена: отправлено { $sent }, заблокировали бота { $blocked }, ошибок { $failed }.
admin-bc-stopping = Останавливаем
admin-bc-stopped = ⏹ Рассылка #{ $id } остановлена после { $done } из { $total }: отправлено { $sent }, заблокировали { $blocked }, ошибок { $failed }.
admin-bc-aborted = ❌ Рассылка #{ $id } прервана: Telegram отклонил сообщение { $failed } раз подряд. До этого отправлено { $sent }.

## Журнал

admin-audit-title = 📜 <b>Действия админов</b> (страница { $page } из { $pages }, сначала новые)
admin-audit-empty = Действий админов пока нет.
admin-audit-line = { $time } · { $admin } · <b>{ $action }</b>{ $target }{ $details }
admin-btn-older = ◀️ Раньше
admin-btn-newer = Позже ▶️
