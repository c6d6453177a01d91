# Admin console texts (issue 4). Sent with parse_mode HTML: every variable holding text from users or
# the panel is escaped by the code; ids are passed as strings (no digit grouping).

## Commands (the admin's own command menu) and /admin

admin-cmd-admin = Admin menu
admin-cmd-stats = Figures: today, 7 and 30 days
admin-cmd-orders = Recent orders [status]
admin-cmd-order = An order by id (or start an order)
admin-cmd-user = A user: balance, orders, ledger
admin-cmd-credit = Credit a balance
admin-cmd-debit = Debit a balance
admin-cmd-ban = Ban a user
admin-cmd-unban = Unban a user
admin-cmd-service = A service: hide, price, markup, name
admin-cmd-category = Categories: hide, order, markup
admin-cmd-sync = Sync the catalogue now
admin-cmd-panel = Panel balance
admin-cmd-broadcast = Message every user
admin-cmd-audit = Latest admin actions
admin-cmd-unknown = Orders with an unknown outcome
admin-cmd-resolve = Resolve an unknown order
admin-cmd-topups = Top-up receipts waiting
admin-cmd-refund = Refund a payment (Stars or card)
admin-cmd-promo = Promo codes (create, list)

admin-menu-title = 🛠 <b>Admin</b>
admin-menu-stats = /stats — new users, buyers, orders, turnover, cost, profit, refunds, top services
admin-menu-orders = /orders [status] — recent orders, paged (pending, in_progress, unknown, …)
admin-menu-order = /order &lt;id&gt; — everything about an order, with Refresh / Cancel / Refund
admin-menu-user = /user &lt;id or @name&gt; — balance, language, orders, spend, last ledger rows
admin-menu-credit = /credit &lt;user&gt; &lt;amount&gt; [note] — add to a balance
admin-menu-debit = /debit &lt;user&gt; &lt;amount&gt; [note] — take from a balance (never below zero)
admin-menu-ban = /ban &lt;user&gt; [reason] — the user can no longer use the shop
admin-menu-unban = /unban &lt;user&gt; — lift a ban
admin-menu-service = /service &lt;id&gt; — hide or show, own price per 1000, own markup, buyer-facing name
admin-menu-category = /category — hide or show categories, their order and markup
admin-menu-sync = /sync — fetch the panel's services now and report what changed
admin-menu-panel = /panel — the panel balance
admin-menu-broadcast = /broadcast — send a message (text or photo) to every user
admin-menu-audit = /audit — the latest admin actions
admin-menu-unknown = /unknown — orders whose placing the panel never confirmed
admin-menu-resolve = /resolve &lt;order&gt; &lt;panel order id&gt; or /resolve &lt;order&gt; refund — settle one
admin-menu-topups = /topups — top-up receipts waiting for a decision
admin-menu-refund = /refund &lt;charge id&gt; — give a payment back (Stars through Telegram; a card payment is recorded and you refund it at the provider)
admin-menu-promo = /promo create | list — promo codes
admin-btn-menu-stats = 📊 Stats
admin-btn-menu-panel = 💼 Panel
admin-btn-menu-orders = 📦 Orders
admin-btn-menu-categories = 🗂 Categories
admin-btn-menu-sync = 🔄 Sync
admin-btn-menu-audit = 📜 Audit
admin-btn-menu-broadcast = 📣 Broadcast

## Common words and buttons

admin-yes = yes
admin-no = no
admin-yes-because = yes ({ $reason })
admin-none = none
admin-hidden = hidden
admin-visible = visible
admin-saved = ✅ Saved.
admin-hidden-short = Hidden
admin-shown-short = Shown
admin-btn-back = ⬅️ Back
admin-btn-hide = 🙈 Hide
admin-btn-show = 👁 Show
admin-btn-cancel-input = ✖️ Cancel
admin-input-cancelled = Cancelled. Nothing was changed.
admin-input-none = Nothing is waiting for an answer.
admin-send-text = Please send the value as a text message.

## Money

admin-usage-credit = Usage: /credit &lt;user id or @username&gt; &lt;amount&gt; [note]
admin-usage-debit = Usage: /debit &lt;user id or @username&gt; &lt;amount&gt; [note]
admin-user-not-found = No such user. They must have started the bot first.
admin-bad-amount = The amount must be a positive number, like 15000 or 12.50.
admin-credited = Credited { $amount } to { $user }. Their balance: { $balance }.
admin-debited = Debited { $amount } from { $user }. Their balance: { $balance }.
admin-debit-refused = ❌ Not debited: { $user } has { $balance }, less than { $amount }. A balance never goes below zero.

## People

admin-usage-user = Usage: /user &lt;user id or @username&gt;
admin-usage-ban = Usage: /ban &lt;user id or @username&gt; [reason]
admin-usage-unban = Usage: /unban &lt;user id or @username&gt;
admin-user-card =
    👤 <b>{ $user }</b> · { $name }
    Language: { $language }
    Joined: { $joined } · Last seen: { $seen }
    Balance: <b>{ $balance }</b>
    Orders: { $orders } · Spent: { $spent }
    Banned: { $banned }
    Blocked the bot: { $blocked }
admin-user-ledger-title = <b>Last balance changes</b>
admin-user-ledger-line = { $time } · { $delta } → { $balance } · { $reason }{ $order }{ $note }
admin-btn-ban = 🚫 Ban
admin-btn-unban = ✅ Unban
admin-ban-admin = An admin cannot be banned. Remove them from ADMIN_IDS first.
admin-banned = 🚫 { $user } is banned. Whatever they send gets one polite line, and they can place no order.
admin-unbanned = ✅ { $user } is no longer banned.
admin-banned-short = Banned
admin-unbanned-short = Unbanned

## Orders

admin-usage-order = Usage: /order &lt;order id&gt;
admin-usage-orders = Usage: /orders [status]. Statuses: { $statuses }
admin-order-not-found = There is no order #{ $id }.
admin-order-card =
    📦 <b>Order #{ $id }</b> · { $status } (panel: { $upstreamStatus })
    User: { $user }
    Service: #{ $serviceId } { $service } (panel name: { $panelName }; type { $kind })
    Link: { $link }
    Quantity: { $quantity } · Fields: { $params }
    Price: <b>{ $price }</b> · Refunded: { $refunded } · Upstream cost (est.): { $cost }
    Panel order: { $upstreamId } · Start count: { $startCount } · Remains: { $remains }
    Failure: { $failure }
    Created: { $created }
    Updated: { $updated } · Last change: { $changed }
    Cancel requested: { $cancelRequested }
admin-order-upstream =
    <b>The panel says</b>: { $status }
    Charge: { $charge } · Start count: { $startCount } · Remains: { $remains }
admin-order-unknown-status = ⚠️ The panel sent a status this shop does not know; the order keeps its status.
admin-order-no-upstream = This order has no panel order id, so the panel cannot be asked about it. Check the panel by link and time.
admin-order-cancel-not-active = Only a pending or running order with a panel order id can be canceled at the panel.
admin-order-cancel-requested = ✅ The panel accepted the cancel request. The refund follows when the panel reports the order canceled.
admin-order-cancel-refused = ❌ The panel did not accept the cancel request (the service may not allow it, or the order is too far along).
admin-order-refund-ask =
    Refund <b>{ $amount }</b> to { $user } for order #{ $id }?
    The order is marked canceled and the buyer is told.
admin-order-refund-warning = ⚠️ This does not cancel the order at the panel: if it may still run there, press Cancel first.
admin-order-not-refundable = This order cannot be refunded here (status: { $status }). Failed and canceled orders were refunded already; for a goodwill refund on a delivered order use /credit with a note.
admin-order-refunded = ✅ Refunded { $amount }. The buyer's balance: { $balance }.
admin-order-refunded-short = Refunded
admin-btn-refresh = 🔄 Refresh
admin-btn-cancel-order = ✖️ Cancel at panel
admin-btn-refund = ↩️ Refund
admin-btn-refund-yes = ✅ Yes, refund
admin-orders-title = <b>Orders</b> · { $status } · page { $page } of { $pages } ({ $total } in all)
admin-orders-all = all
admin-orders-empty = No orders.
admin-orders-line = #{ $id } · { $status } · { $quantity } · { $price } · user { $user } · { $service } · { $time }

## Catalogue

admin-usage-service = Usage: /service &lt;service id&gt; (the ids are in /category → a category → Services)
admin-service-not-found = There is no such service. Run /sync if the panel added it just now.
admin-service-card =
    🧩 <b>Service #{ $id }</b>
    Panel name: { $name }
    Buyers see: { $displayName }
    Category: { $category }
    Type: { $type } ({ $kind }) · Min–max: { $min } – { $max }
    Panel rate per 1000: { $rate } · Cost per 1000: { $cost }
    Buyer price per 1000: <b>{ $price }</b> ({ $basis })
    State: { $state }
admin-service-same-name = the panel name
admin-price-basis-own = own price
admin-price-basis-service = service markup { $markup }
admin-price-basis-category = category markup { $markup }
admin-price-basis-shop = shop markup { $markup }
admin-service-state-on-sale = on sale
admin-service-state-hidden = hidden by an admin
admin-service-state-category-hidden = its category is hidden
admin-service-state-gone = not in the panel's list any more
admin-service-state-unsupported = this type cannot be ordered here
admin-btn-rename = ✏️ Name for buyers
admin-btn-own-price = 💲 Own price
admin-btn-own-markup = 📈 Own markup
admin-btn-to-category = ⬅️ Category
admin-ask-service-price =
    Send the price buyers pay per 1000 for service #{ $id } ({ $name }), like 150 or 99.50.
    Now: { $current }. Send - to remove it (the markup applies again).
admin-ask-service-markup =
    Send the markup in percent for service #{ $id } ({ $name }), like 30 or 12.5.
    Now: { $current }. Send - to remove it (the category or shop markup applies again).
admin-ask-service-name =
    Send the name buyers see for service #{ $id } ({ $name }).
    Now: { $current }. Send - to show the panel's name again.
admin-ask-category-markup =
    Send the markup in percent for every service of { $name }, like 30 or 12.5 (a service's own price or markup still wins).
    Now: { $current }. Send - to remove it (the shop markup applies again).
admin-bad-price = That is not a price. Send a positive amount like 150 or 99.50, or - to remove the own price.
admin-bad-markup = That is not a markup. Send a percentage like 30 or 12.5, or - to remove it.
admin-bad-name = Send a name of 1 to { $max } characters, or - to show the panel's name.

admin-categories-title = 🗂 <b>Categories</b> (in the order buyers see them)
admin-categories-empty = There are no categories yet. Run /sync.
admin-categories-line = { $position }. { $name } — { $services } services · { $state }{ $markup }
admin-category-card =
    🗂 <b>{ $name }</b>
    Position: { $position } of { $count } · { $state }
    Markup: { $markup }
    Services: { $services }
admin-category-markup-default = shop default ({ $markup })
admin-category-services = 🗂 <b>{ $name }</b>: { $count } services (page { $page } of { $pages }). 🙈 hidden, ⛔ not for sale.
admin-category-not-found = There is no such category.
admin-category-at-end = It is already at that end.
admin-btn-up = ⬆️ Up
admin-btn-down = ⬇️ Down
admin-btn-services = 🧩 Services
admin-btn-all-categories = 🗂 All categories

admin-sync-done = ✅ <b>Catalogue synced.</b>
admin-sync-failed = ❌ The catalogue was not synced; the last one stays.
admin-sync-added = Added: { $count }{ $ids }
admin-sync-changed = Changed: { $count }{ $ids }
admin-sync-removed = Removed: { $count }{ $ids }
admin-sync-prices = Price changes: { $count }
admin-sync-price-line = • #{ $id }: { $from } → { $to }
admin-sync-unsupported = Types this shop cannot sell (hidden from buyers): { $count }

## Panel

admin-panel-balance = 💼 Panel balance: <b>{ $balance }</b> (currency: { $currency })
admin-panel-alert = New orders pause below { $threshold } (PANEL_BALANCE_ALERT).
admin-panel-failed = ❌ Could not get the panel balance.
admin-panel-error-key = The panel did not accept the API key. Check PANEL_API_KEY.
admin-panel-error-refused = The panel refused the request.
admin-panel-error-unreachable = The panel cannot be reached right now.
admin-panel-error-uncertain = The panel did not give a usable answer (timeout or an error page).
admin-panel-error-other = Something went wrong while talking to the panel.

## Figures

admin-stats-today = Today
admin-stats-week = Last 7 days
admin-stats-month = Last 30 days
admin-stats-window =
    📊 <b>{ $title }</b>
    New users: { $newUsers } · Active buyers: { $buyers }
    Orders: { $orders }{ $statuses }
    Turnover: <b>{ $turnover }</b> · Upstream cost: { $cost }
    Gross profit: <b>{ $profit }</b> · Refunds: { $refunds }
admin-stats-top-line = { $position }. #{ $id } { $name } — { $orders } orders, { $turnover }
admin-stats-note = <i>Turnover is what buyers paid minus refunds; the upstream cost is estimated from the panel rate at order time (canceled orders cost nothing, partial ones their delivered share). Money is counted on the day an order was placed.</i>

## Broadcast

admin-bc-ask = 📣 Send the message for every user: text, or a photo with a caption. You will see a preview before anything is sent.
admin-bc-busy = Broadcast #{ $id } is being sent ({ $sent } of { $total }); a new one waits for it.
admin-bc-bad-content = Send text, or a photo with a caption.
admin-bc-preview = 👇 This is how it will look:
admin-bc-confirm = Send broadcast #{ $id } to { $count } users?
admin-btn-bc-send = ✅ Send
admin-btn-bc-discard = ✖️ Discard
admin-btn-bc-stop = ⏹ Stop
admin-bc-gone = This broadcast was already sent, stopped or discarded.
admin-bc-discarded = Broadcast #{ $id } discarded. Nothing was sent.
admin-bc-queued-short = Queued
admin-bc-queued = 📣 Broadcast #{ $id } starts now, to { $total } users.
admin-bc-queued-behind = 📣 Broadcast #{ $id } is queued ({ $total } users); it starts when the { $ahead } before it are done.
admin-bc-progress = 📣 Broadcast #{ $id }: { $done } of { $total } · sent { $sent } · blocked { $blocked } · failed { $failed }
admin-bc-done = ✅ Broadcast #{ $id } is done: sent { $sent }, blocked the bot { $blocked }, failed { $failed }.
admin-bc-stopping = Stopping
admin-bc-stopped = ⏹ Broadcast #{ $id } stopped after { $done } of { $total }: sent { $sent }, blocked { $blocked }, failed { $failed }.
admin-bc-aborted = ❌ Broadcast #{ $id } aborted: Telegram refused the message { $failed } times in a row. Sent { $sent } before that.

## Audit

admin-audit-title = 📜 <b>Admin actions</b> (page { $page } of { $pages }, newest first)
admin-audit-empty = No admin actions yet.
admin-audit-line = { $time } · { $admin } · <b>{ $action }</b>{ $target }{ $details }
admin-btn-older = ◀️ Older
admin-btn-newer = Newer ▶️
