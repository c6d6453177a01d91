# Buyer-facing texts (English). Variables holding names, links or panel text are HTML-escaped by the code.
language-name = English

menu-order = 🛒 Order
menu-balance = 💰 Balance
menu-orders = 📦 My orders
menu-help = ❓ Help
menu-language = 🌐 Language

lang-choose = Choose your language:
lang-set = ✅ The language is now English.
lang-menu-updated = The menu is in English now.
rate-limited = ⏳ Too many messages at once. Please wait a few seconds; the messages sent meanwhile are skipped.

start-welcome =
    👋 Welcome, { $name }!
    Here you can order Telegram members, views, poll votes and more.
    Your balance: <b>{ $balance }</b>
    Use the menu below to start.
help-text =
    <b>How it works</b>
    1. Tap 🛒 Order (or /order), choose a category and a service.
    2. Send the link to your channel, group or post.
    3. Say how many you need and confirm the price.
    The price is taken from your balance; if an order is canceled or only partly delivered, the rest comes back to your balance automatically.
    /balance — your balance
    /orders — your orders
    /cancel — leave the current step
    /topup — top up your balance
    /referrals — invite friends and earn
    /promo CODE — redeem a promo code
    /lang — change the language
    /paysupport — help with a payment
unknown-command = I don't know that command. Use the menu below or /help.
use-menu = Use the menu below, or /help to see what I can do.
banned = Your access to this shop has been restricted.
error-generic = Something went wrong on our side. Please try again in a minute.
cancelled = Cancelled. Nothing was charged.
nothing-to-cancel = There is nothing to cancel.
stale-button = This button is from an old message. Please start again with 🛒 Order.

balance-text = Your balance: <b>{ $balance }</b>
credited = 💰 Your balance was credited with <b>{ $amount }</b>. Balance: <b>{ $balance }</b>
debited = Your balance was debited by <b>{ $amount }</b>. Balance: <b>{ $balance }</b>

order-choose-category = Choose a category:
order-no-services = Sorry, there is nothing to order right now. Please try again later.
order-choose-service = <b>{ $category }</b>
    Choose a service (price per 1000):
order-send-text = Please send it as a text message.
order-summary-short =
    ⚠️ Your balance is too low for this order: it costs <b>{ $price }</b>, you have <b>{ $balance }</b>. Top up your balance and try again.
order-price-changed = ⚠️ The price of this service has just changed. New total: <b>{ $price }</b>. Please confirm again.
order-placing = ⏳ Placing your order…
order-placed =
    ✅ Order <b>#{ $id }</b> is placed.
    Charged: { $price }. Balance: { $balance }.
    I'll tell you when it starts and when it is completed.
order-duplicate = This order is already placed: <b>#{ $id }</b>.
order-unavailable = Sorry, this service is not available any more. Nothing was charged.
order-rejected =
    ❌ The provider could not take this order: { $reason }
    You lose nothing: { $price } is back on your balance.
order-unknown =
    ⏳ Order <b>#{ $id }</b> is being checked with the provider. Your payment is held for it; you will be told the outcome here.
order-cancelled = Cancelled: no order was placed and nothing was charged.

btn-back = ⬅️ Back
btn-cancel = ✖️ Cancel
btn-confirm = ✅ Confirm
btn-prev = ◀️
btn-next = ▶️

panel-error-not_enough_funds = the service is temporarily unavailable.
panel-error-bad_link = the link was not accepted. Check that it is correct and public.
panel-error-quantity_below_min = the quantity is below this service's minimum.
panel-error-quantity_above_max = the quantity is above this service's maximum.
panel-error-incorrect_service = this service is not available any more.
panel-error-answer_number_required = the answer number is missing.
panel-error-other = the provider refused the order.
panel-error-unreachable = the provider is not reachable right now. Please try again later.

orders-empty = You have no orders yet. Tap 🛒 Order to make one.
orders-title = <b>Your orders</b> (page { $page } of { $pages })
orders-line = #{ $id } · { $service } · { $quantity } · { $price } · { $status }

status-submitting = being checked
status-unknown = being checked
status-failed = not placed (refunded)
status-pending = pending
status-in_progress = in progress
status-completed = completed
status-partial = partly delivered
status-canceled = canceled

notice-in_progress = 🚀 Order <b>#{ $id }</b> ({ $service }) has started.
notice-completed = ✅ Order <b>#{ $id }</b> ({ $service }) is completed.
notice-partial =
    ⚠️ Order <b>#{ $id }</b> ({ $service }) was partly delivered: { $remains } not delivered.
    Refunded to your balance: <b>{ $refund }</b>.
notice-canceled =
    ❌ Order <b>#{ $id }</b> ({ $service }) was canceled.
    Refunded to your balance: <b>{ $refund }</b>.

admin-unknown-order = ⚠️ Order <b>#{ $id }</b> (user { $user }): the panel did not answer when it was placed, so it may or may not exist upstream. Check the panel and resolve it.
admin-stuck-order = ⚠️ Order <b>#{ $id }</b> has not finished after { $days } days.

cmd-order = Place an order
cmd-orders = My orders
cmd-balance = My balance
cmd-help = How it works
cmd-cancel = Leave the current step
cmd-lang = Change the language
