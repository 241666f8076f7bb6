SELECT i.item_id, h.views, h.purchases
FROM item_history h
JOIN items i USING (ino)
WHERE h.sid IS NULL AND h.views + h.purchases > 0
ORDER BY i.item_id
